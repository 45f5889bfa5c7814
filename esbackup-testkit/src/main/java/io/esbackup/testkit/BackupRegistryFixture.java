package io.esbackup.testkit;

import io.esbackup.backup.BackupRegistry;

/** How {@link BackupRegistryConformance} gets the registry under test: a new, empty one for every test. */
@FunctionalInterface
public interface BackupRegistryFixture {

    /** A new registry that holds no entries. */
    BackupRegistry create();

    /** Releases what {@link #create()} made (a schema, a table); runs after every test. */
    default void cleanup() throws Exception {
    }
}
