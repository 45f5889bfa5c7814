package io.esbackup.s3;

import io.esbackup.backup.IdPointers;
import io.esbackup.backup.JobLocks;
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
 * The testkit's provider, event store, registry, job lock and restore journal suites against moto's S3 server,
 * each test in a bucket of its own.
 */
@ExtendWith(MotoServer.class)
class S3ConformanceTest {

    @Nested
    class Provider extends BackupProviderConformance {
        @Override
        protected BackupProviderFixture fixture() {
            // A write killed mid-way leaves a multipart upload, which a clean-up sweeps.
            return BackupProviderFixture.of(Set.of(UnfinishedBackups.class, JobLocks.class, IdPointers.class,
                    io.esbackup.blob.AbandonedWrites.class),
                    () -> new S3BackupProvider(
                    MotoServer.client(), MotoServer.newBucket(MotoServer.client(), "prov"), "under/a/prefix"));
        }
    }

    @Nested
    class Events extends EventStoreConformance {
        @Override
        protected EventStoreFixture fixture() {
            // A write killed mid-way leaves a multipart upload, which a clean-up sweeps.
            java.util.Set<Class<?>> capabilities = new java.util.HashSet<>(EventStoreConformance.BLOB_LAYOUT);
            capabilities.add(io.esbackup.blob.AbandonedWrites.class);
            return EventStoreFixture.of(capabilities, () -> S3EventStores.of(MotoServer.client(),
                    MotoServer.newBucket(MotoServer.client(), "events"), "mirror"));
        }
    }

    /** A registry shared through the bucket, with no database. */
    @Nested
    class Registry extends io.esbackup.testkit.BackupRegistryConformance {
        @Override
        protected io.esbackup.testkit.BackupRegistryFixture fixture() {
            return () -> new io.esbackup.backup.BlobBackupRegistry(S3BlobStore.forBucket(MotoServer.client(),
                    MotoServer.newBucket(MotoServer.client(), "registry"), "shared"));
        }
    }

    /** Leases of scheduled jobs beside the backups, taken over on S3's conditional writes. */
    @Nested
    class Leases extends io.esbackup.testkit.JobLocksConformance {
        @Override
        protected io.esbackup.testkit.BlobStoreFixture fixture() {
            return () -> S3BlobStore.forBucket(MotoServer.client(), MotoServer.newBucket(MotoServer.client(), "locks"),
                    "under/a/prefix");
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
