package io.esbackup.cli;

import io.esbackup.backup.BackupRegistry;
import io.esbackup.postgres.PostgresBackupRegistry;
import java.nio.file.Path;

/**
 * {@code postgresql:} registries: {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=S&table=T]}, the
 * password from the URL or {@code PGPASSWORD}. The URL is never shown with its password or query.
 */
final class PostgresScheme {
    static final StoreLocations.Scheme<BackupRegistry> REGISTRY = new StoreLocations.Scheme<>() {
        @Override
        public BackupRegistry open(Location location, Path workingDirectory) {
            try {
                return PostgresBackupRegistry.fromUrl(location.text());
            } catch (IllegalArgumentException e) {
                // Its message names what is wrong without the password.
                throw new UsageException(location.option() + ": " + e.getMessage());
            }
        }
    };

    private PostgresScheme() {}
}
