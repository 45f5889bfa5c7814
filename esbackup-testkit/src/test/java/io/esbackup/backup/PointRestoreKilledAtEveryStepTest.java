package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.store.BlobEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A restore to a point ({@code toVersion}) with overwrite, killed at each of its storage writes in turn, as
 * {@link RestoreKilledAtEveryStepTest} kills a full one: the live aggregate is its old self or the restored prefix,
 * never a mix; a clean-up past the grace period leaves only streams a document names; the restore then runs again.
 */
class PointRestoreKilledAtEveryStepTest {
    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");
    private static final RestoreOptions TO_5 = RestoreOptions.builder().overwrite(true).toVersion(5).build();

    record Setup(MutableClock clock, FaultyBlobStore storeBlobs, BlobEventStore store, BackupRestoreService service,
                 ObjectDocument original, BackupHandle backup) {}

    private static Setup setup() {
        MutableClock clock = new MutableClock(START);
        FaultyBlobStore storeBlobs = new FaultyBlobStore(new InMemoryBlobStore(clock), 1);
        BlobEventStore store = new BlobEventStore(storeBlobs);
        ObjectDocument doc = Streams.create(store, "Order", "o-1", 14, 4, 3, 8);
        doc = Streams.addTerminated(store, doc, "old-stream", 3);
        BackupRestoreService service = BackupRestoreService.builder(store,
                new BlobBackupProvider(new InMemoryBlobStore(clock))).clock(clock).build();
        BackupHandle backup = service.backupStream("Order", "o-1", BackupOptions.FULL);
        return new Setup(clock, storeBlobs, store, service, doc, backup);
    }

    @Test
    void aPointRestoreKilledAtAnyWriteLeavesTheOldAggregateOrTheRestoredPrefix() {
        Setup probe = setup();
        int writesBefore = probe.storeBlobs().calls(BlobOp.WRITE);
        probe.service().restoreStream(probe.backup(), TO_5);
        int writes = probe.storeBlobs().calls(BlobOp.WRITE) - writesBefore;
        assertThat(writes).as("journal, two chunks, a snapshot, journal updates, document").isGreaterThan(4);

        int restored = 0;
        for (int k = 1; k <= writes + 1; k++) {
            Setup s = setup();
            List<Event> prefix = Streams.readAll(s.store(), "Order", s.original().active()).subList(0, 6);
            KilledRuns.kill(s.storeBlobs(), k);
            try {
                s.service().restoreStream(s.backup(), TO_5);
            } catch (RuntimeException killed) {
                Injected.assertInjected(s.storeBlobs(), killed, "killed at write " + k);
            }
            s.storeBlobs().heal();
            ObjectDocument live = Streams.document(s.store(), "Order", "o-1");
            if (!live.equals(s.original())) {
                restored++;
                assertThat(live.active().currentStreamVersion()).as("write %d", k).isEqualTo(5);
                assertThat(live.active().snapShots()).extracting(SnapshotRef::untilVersion).containsExactly(3);
                assertThat(Streams.readAll(s.store(), "Order", live.active())).as("write %d", k).isEqualTo(prefix);
            }

            s.clock().advance(BackupRestoreService.DEFAULT_UNFINISHED_GRACE.plusSeconds(1));
            s.service().cleanupExpiredBackups(false);
            assertThat(KilledRuns.journal(s.store())).as("write %d", k).isEmpty();
            ObjectDocument after = Streams.document(s.store(), "Order", "o-1");
            assertThat(after).as("clean-up leaves the document").isEqualTo(live);
            assertThat(StoredStreams.referencedBy(after)).as("write %d leaves only referenced streams", k)
                    .containsAll(StoredStreams.onDisk(s.storeBlobs(), "order"));

            RestoreResult again = s.service().restoreStream(s.backup(), TO_5);
            assertThat(again.streamVersion()).isEqualTo(5);
            assertThat(Streams.readAll(s.store(), "Order", Streams.document(s.store(), "Order", "o-1").active()))
                    .isEqualTo(prefix);
        }
        assertThat(restored).as("kills after the swap leave the restored prefix live").isPositive();
    }
}
