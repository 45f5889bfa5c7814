package io.esbackup.testkit;

import io.esbackup.store.RestoreJournal;

/** How {@link RestoreJournalConformance} gets the journal under test: a new, empty one for every test. */
@FunctionalInterface
public interface RestoreJournalFixture {

    /** A new journal that holds no entries. */
    RestoreJournal create();

    /** Releases what {@link #create()} made; runs after every test. */
    default void cleanup() throws Exception {
    }
}
