package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.error.ConflictException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.JournaledRestore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A restore with overwrite "killed" at each of its storage writes in turn: from that write on, every write
 * and delete of the event store fails, as nothing more happens after a SIGKILL (the run's own clean-up
 * included). Whatever the step, the live aggregate is the old one or the restored one; a clean-up once the
 * grace period has passed finds the run in the restore journal, deletes exactly the streams no document
 * references and empties the journal; before that it touches nothing; and the restore can be run again.
 */
class RestoreKilledAtEveryStepTest {
    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");

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
        // The backup has the terminated stream; gone from the live store, the restore writes it again (the
        // live document still names it, as after a purge that failed half-way).
        store.deleteStream("Order", "old-stream");
        return new Setup(clock, storeBlobs, store, service, doc, backup);
    }

    @Test
    void aRestoreKilledAtAnyWriteLeavesNothingACleanUpDoesNotSweep() {
        Setup probe = setup();
        int writesBefore = probe.storeBlobs().calls(BlobOp.WRITE);
        probe.service().restoreStream(probe.backup(), RestoreOptions.WITH_OVERWRITE);
        int writes = probe.storeBlobs().calls(BlobOp.WRITE) - writesBefore;
        assertThat(writes).as("journal, streams, snapshots, journal updates, document").isGreaterThan(8);

        int swept = 0;
        int orphans = 0;
        // k = writes + 1: every write went through, the kill came before the journal entry was removed.
        for (int k = 1; k <= writes + 1; k++) {
            Setup s = setup();
            List<Event> backedUp = Streams.readAll(s.store(), "Order", s.original().active());
            KilledRuns.kill(s.storeBlobs(), k);
            try {
                s.service().restoreStream(s.backup(), RestoreOptions.WITH_OVERWRITE);
            } catch (RuntimeException killed) {
                // The run died at write k (or at a delete of its clean-up, which the kill fails too).
                Injected.assertInjected(s.storeBlobs(), killed, "killed at write " + k);
            }
            s.storeBlobs().heal();
            ObjectDocument live = Streams.document(s.store(), "Order", "o-1");
            boolean swapped = !live.equals(s.original());
            if (swapped) {
                assertThat(Streams.readAll(s.store(), "Order", live.active())).as("write %d", k).isEqualTo(backedUp);
            }
            List<JournaledRestore> journal = KilledRuns.journal(s.store());
            assertThat(journal).as("write %d: the first journal write comes before any stream", k)
                    .hasSize(k == 1 ? 0 : 1);

            // Within the grace period nothing is touched: the run might still be going.
            Set<String> before = StoredStreams.onDisk(s.storeBlobs(), "order");
            CleanupReport early = s.service().cleanupExpiredBackups(false);
            assertThat(early.abandonedRestores()).isEmpty();
            assertThat(StoredStreams.onDisk(s.storeBlobs(), "order")).isEqualTo(before);

            s.clock().advance(BackupRestoreService.DEFAULT_UNFINISHED_GRACE.plusSeconds(1));
            CleanupReport dry = s.service().cleanupExpiredBackups(true);
            assertThat(StoredStreams.onDisk(s.storeBlobs(), "order")).as("a dry run deletes nothing").isEqualTo(before);
            CleanupReport report = s.service().cleanupExpiredBackups(false);
            assertThat(report.abandonedRestores()).as("write %d", k).hasSize(journal.size());
            assertThat(dry.abandonedRestores()).isEqualTo(report.abandonedRestores());
            if (swapped) {
                assertThat(report.orphanStreamsDeleted()).as("write %d: after the swap all is live", k).isZero();
            }
            assertThat(KilledRuns.journal(s.store())).as("write %d", k).isEmpty();
            ObjectDocument after = Streams.document(s.store(), "Order", "o-1");
            assertThat(StoredStreams.referencedBy(after)).as("write %d leaves only referenced streams", k)
                    .containsAll(StoredStreams.onDisk(s.storeBlobs(), "order"));
            assertThat(StoredStreams.onDisk(s.storeBlobs(), "order")).contains(after.active().streamIdentifier());
            assertThat(Streams.document(s.store(), "Order", "o-1")).as("clean-up leaves the document").isEqualTo(live);
            swept += report.abandonedRestores().size();
            orphans += report.orphanStreamsDeleted();

            RestoreResult again = s.service().restoreStream(s.backup(), RestoreOptions.WITH_OVERWRITE);
            assertThat(Streams.readAll(s.store(), "Order", Streams.document(s.store(), "Order", "o-1").active()))
                    .isEqualTo(backedUp);
            assertThat(again.eventsRestored()).isEqualTo(14);
            assertThat(KilledRuns.journal(s.store())).isEmpty();
        }
        assertThat(swept).isEqualTo(writes);
        assertThat(orphans).as("killed before the swap, with streams written").isPositive();
        System.out.printf("RestoreKilledAtEveryStep: writes=%d kills=%d journalEntriesSwept=%d orphanStreamsDeleted=%d%n",
                writes, writes + 1, swept, orphans);
    }

    @Test
    void aRunSilentPastTheGracePeriodLosesItsEntryToTheCleanUpAndSwapsNothing() {
        Setup s = setup();
        RestoreOptions options = RestoreOptions.WITH_OVERWRITE;
        CleanupReport[] during = new CleanupReport[1];
        // The last progress report comes after every stream is written and before the swap.
        assertThatThrownBy(() -> s.service().restoreStream(s.backup(), options, p -> {
            if (p.eventsRestored() == 14 && during[0] == null) {
                s.clock().advance(Duration.ofHours(2));
                during[0] = s.service().cleanupExpiredBackups(false);
            }
        })).isInstanceOf(ConflictException.class).hasMessageContaining("taken by a clean-up");

        assertThat(during[0].abandonedRestores()).hasSize(1);
        // The restored active stream; the terminated one it wrote again is named by the live document, so kept.
        assertThat(during[0].abandonedRestores().get(0).streamsDeleted()).hasSize(1)
                .doesNotContain(s.original().active().streamIdentifier(), "old-stream");
        assertThat(Streams.document(s.store(), "Order", "o-1")).isEqualTo(s.original());
        // The run's own discard then removed the terminated stream it wrote: the store is as before the run.
        assertThat(StoredStreams.onDisk(s.storeBlobs(), "order"))
                .containsExactly(s.original().active().streamIdentifier());
        assertThat(KilledRuns.journal(s.store())).isEmpty();
    }


}
