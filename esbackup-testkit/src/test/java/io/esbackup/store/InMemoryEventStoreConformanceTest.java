package io.esbackup.store;

import io.esbackup.testkit.EventStoreConformance;
import io.esbackup.testkit.EventStoreFixture;

class InMemoryEventStoreConformanceTest extends EventStoreConformance {
    @Override
    protected EventStoreFixture fixture() {
        return EventStoreFixture.of(EventStoreConformance.BLOB_LAYOUT, InMemoryEventStore::new);
    }
}
