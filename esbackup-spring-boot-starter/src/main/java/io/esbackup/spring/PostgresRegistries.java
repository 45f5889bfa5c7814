package io.esbackup.spring;

import io.esbackup.backup.BackupRegistry;
import io.esbackup.postgres.PostgresBackupRegistry;

/**
 * {@code postgresql:} registries. A class of its own so that only a starter whose application has esbackup-postgres
 * on the class path loads it.
 */
final class PostgresRegistries {
    static final String CLASS = "io.esbackup.postgres.PostgresBackupRegistry";

    private PostgresRegistries() {}

    /** A registry over a pool of its own; Spring closes it with the context, since it is {@code AutoCloseable}. */
    static BackupRegistry open(String property, String url) {
        try {
            return PostgresBackupRegistry.fromUrl(url);
        } catch (IllegalArgumentException e) {
            // Its message says what is wrong without the password; the URL itself is not repeated.
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }
}
