package io.esbackup.testkit;

import io.esbackup.store.EventStore;

/** How {@link EventStoreConformance} gets the store under test: a new, empty one for every test. */
@FunctionalInterface
public interface EventStoreFixture {

    /** A new store that holds no documents, streams or snapshots. */
    EventStore create();

    /** Releases what {@link #create()} made (a schema, containers, a folder); runs after every test. */
    default void cleanup() throws Exception {
    }
}
