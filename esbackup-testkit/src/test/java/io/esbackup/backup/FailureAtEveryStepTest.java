package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.BlobEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fails each storage write of a backup and of a restore with overwrite in turn. Whatever step fails, the
 * live aggregate is entirely the old one or entirely the restored one, nothing unreferenced is left in
 * the event store, no half-made backup is visible, and a retry succeeds. A run that fails must fail with the
 * injected failure: any other exception is a bug at that step.
 */
class FailureAtEveryStepTest {

    record Setup(FaultyBlobStore storeBlobs, BlobEventStore store, FaultyBlobStore backupBlobs,
                 BackupRestoreService service, ObjectDocument original) {}

    private static Setup setup() {
        FaultyBlobStore storeBlobs = new FaultyBlobStore(new InMemoryBlobStore(), 1);
        BlobEventStore store = new BlobEventStore(storeBlobs);
        ObjectDocument doc = Streams.create(store, "Order", "o-1", 14, 4, 3, 8);
        doc = Streams.addTerminated(store, doc, "old-stream", 3);
        FaultyBlobStore backupBlobs = new FaultyBlobStore(new InMemoryBlobStore(), 2);
        BackupRestoreService service = new BackupRestoreService(store, new BlobBackupProvider(backupBlobs));
        return new Setup(storeBlobs, store, backupBlobs, service, doc);
    }

    @Test
    void aFailedWriteDuringARestoreWithOverwriteLeavesTheOldAggregateWholeAndNothingElse() {
        Setup probe = setup();
        BackupHandle probeHandle = probe.service().backupStream("Order", "o-1", BackupOptions.FULL);
        int before = probe.storeBlobs().calls(BlobOp.WRITE);
        probe.service().restoreStream(probeHandle, RestoreOptions.WITH_OVERWRITE);
        int writes = probe.storeBlobs().calls(BlobOp.WRITE) - before;
        assertThat(writes).isGreaterThan(5);

        for (int k = 1; k <= writes; k++) {
            Setup s = setup();
            BackupHandle handle = s.service().backupStream("Order", "o-1", BackupOptions.FULL);
            List<Event> backedUp = Streams.readAll(s.store(), "Order", s.original().active());
            int failing = s.storeBlobs().calls(BlobOp.WRITE) + k;
            s.storeBlobs().failOnCall(BlobOp.WRITE, failing);
            boolean failed = false;
            try {
                s.service().restoreStream(handle, RestoreOptions.WITH_OVERWRITE);
            } catch (RuntimeException e) {
                Injected.assertInjected(s.storeBlobs(), e, "failing write " + k + " of " + writes);
                failed = true;
            }
            assertThat(s.storeBlobs().calls(BlobOp.WRITE)).as("write %d was reached", k)
                    .isGreaterThanOrEqualTo(failing);
            s.storeBlobs().heal();
            ObjectDocument live = Streams.document(s.store(), "Order", "o-1");
            if (failed) {
                assertThat(live).as("failing write %d of %d", k, writes).isEqualTo(s.original());
            } else {
                assertThat(live.active().streamIdentifier()).isNotEqualTo(s.original().active().streamIdentifier());
            }
            assertThat(Streams.readAll(s.store(), "Order", live.active())).as("write %d", k).isEqualTo(backedUp);
            assertThat(StoredStreams.onDisk(s.storeBlobs(), "order")).as("write %d leaves only referenced streams", k)
                    .isEqualTo(StoredStreams.referencedBy(live));
            try (Stream<io.esbackup.store.JournaledRestore> journal = s.store().listRestores()) {
                assertThat(journal).as("write %d: the run removed its journal entry", k).isEmpty();
            }
            // Nothing is stuck: the restore can be retried.
            s.service().restoreStream(handle, RestoreOptions.WITH_OVERWRITE);
        }
    }

    @Test
    void aFailedWriteDuringABackupLeavesNoBackupBehind() {
        Setup probe = setup();
        probe.service().backupStream("Order", "o-1", BackupOptions.FULL);
        int writes = probe.backupBlobs().calls(BlobOp.WRITE);
        assertThat(writes).isEqualTo(3); // id reservation, archive, manifest

        for (int k = 1; k <= writes; k++) {
            Setup s = setup();
            s.backupBlobs().failOnCall(BlobOp.WRITE, k);
            Throwable thrown = catchThrowable(() -> s.service().backupStream("Order", "o-1", BackupOptions.FULL));
            Injected.assertInjected(s.backupBlobs(), thrown, "failing write " + k);
            s.backupBlobs().heal();
            assertThat(s.service().listBackups()).as("write %d", k).isEmpty();
            try (Stream<BlobInfo> left = s.backupBlobs().list("")) {
                assertThat(left).as("write %d leaves nothing", k).isEmpty();
            }
            BackupHandle retry = s.service().backupStream("Order", "o-1", BackupOptions.FULL);
            assertThat(s.service().validateBackup(retry).valid()).isTrue();
        }
    }
}
