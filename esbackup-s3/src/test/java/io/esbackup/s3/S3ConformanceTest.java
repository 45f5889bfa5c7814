package io.esbackup.s3;

import io.esbackup.backup.UnfinishedBackups;
import io.esbackup.testkit.BackupProviderConformance;
import io.esbackup.testkit.BackupProviderFixture;
import io.esbackup.testkit.EventStoreConformance;
import io.esbackup.testkit.EventStoreFixture;
import io.esbackup.testkit.RestoreJournalConformance;
import io.esbackup.testkit.RestoreJournalFixture;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The testkit's provider, event store and restore journal suites against moto's S3 server, each test in a
 * bucket of its own.
 */
@ExtendWith(MotoServer.class)
class S3ConformanceTest {

    @Nested
    class Provider extends BackupProviderConformance {
        @Override
        protected BackupProviderFixture fixture() {
            return BackupProviderFixture.of(Set.of(UnfinishedBackups.class), () -> new S3BackupProvider(
                    MotoServer.client(), MotoServer.newBucket(MotoServer.client(), "prov"), "under/a/prefix"));
        }
    }

    @Nested
    class Events extends EventStoreConformance {
        @Override
        protected EventStoreFixture fixture() {
            return EventStoreFixture.of(EventStoreConformance.BLOB_LAYOUT, () -> S3EventStores.of(MotoServer.client(),
                    MotoServer.newBucket(MotoServer.client(), "events"), "mirror"));
        }
    }

    @Nested
    class Journal extends RestoreJournalConformance {
        @Override
        protected RestoreJournalFixture fixture() {
            return () -> S3EventStores.of(MotoServer.client(), MotoServer.newBucket(MotoServer.client(), "journal"),
                    "");
        }
    }
}
