package io.esbackup.testkit;

import io.esbackup.backup.BackupProvider;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How {@link BackupProviderConformance} gets the provider under test (a new, empty one for every test) and
 * which of the optional capabilities ({@link BackupProviderConformance#CAPABILITIES}) it declares. The suite
 * checks before every test that the provider has exactly those, and tests each one it has.
 */
public interface BackupProviderFixture {

    /** A new provider that holds no backups. */
    BackupProvider create();

    /** The optional capabilities the providers made by {@link #create()} have. */
    Set<Class<?>> capabilities();

    /** Releases what {@link #create()} made (a container, a bucket, a folder); runs after every test. */
    default void cleanup() throws Exception {
    }

    /** A fixture of providers made by {@code create}, declaring {@code capabilities}. */
    static BackupProviderFixture of(Set<Class<?>> capabilities, Supplier<BackupProvider> create) {
        Set<Class<?>> declared = Set.copyOf(capabilities);
        return new BackupProviderFixture() {
            @Override
            public BackupProvider create() {
                return create.get();
            }

            @Override
            public Set<Class<?>> capabilities() {
                return declared;
            }
        };
    }
}
