package io.esbackup.store;

import io.esbackup.testkit.RestoreJournalConformance;
import io.esbackup.testkit.RestoreJournalFixture;

/** The journal an in-memory event store keeps ({@link BlobEventStore} over {@code InMemoryBlobStore}). */
class InMemoryRestoreJournalConformanceTest extends RestoreJournalConformance {
    @Override
    protected RestoreJournalFixture fixture() {
        return InMemoryEventStore::new;
    }
}
