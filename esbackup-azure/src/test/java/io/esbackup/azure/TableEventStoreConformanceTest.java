package io.esbackup.azure;

import io.esbackup.store.ObjectIdListing;
import io.esbackup.store.RestoreJournal;
import io.esbackup.store.SnapshotStore;
import io.esbackup.store.StoreKind;
import io.esbackup.testkit.EventStoreConformance;
import io.esbackup.testkit.RestoreJournalConformance;
import io.esbackup.testkit.RestoreJournalFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The testkit's event store and restore journal suites against Azurite's table service: {@link TableEventStore}
 * in the reference's Table layout, each test in tables of its own (a unique prefix), since every test shares one
 * Azurite. It has no raw events (its rows are not the Blob layout's JSON), no fingerprints and no temporary files.
 */
@ExtendWith(Azurite.class)
class TableEventStoreConformanceTest {

    static TableEventStore newStore() {
        return new TableEventStore(Azurite.tableClient(), TableLayout.defaults()
                .withPrefix(Azurite.uniqueTablePrefix("t")));
    }

    @Nested
    class Events extends EventStoreConformance {
        @Override
        protected io.esbackup.testkit.EventStoreFixture fixture() {
            return io.esbackup.testkit.EventStoreFixture.of(java.util.Set.of(SnapshotStore.class, ObjectIdListing.class,
                    RestoreJournal.class, StoreKind.class), TableEventStoreConformanceTest::newStore);
        }
    }

    @Nested
    class Journal extends RestoreJournalConformance {
        @Override
        protected RestoreJournalFixture fixture() {
            return TableEventStoreConformanceTest::newStore;
        }
    }
}
