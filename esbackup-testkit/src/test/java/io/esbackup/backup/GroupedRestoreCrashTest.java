package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A bulk restore whose store commits in groups ({@link RestoreGroup}), "killed" at each of its writes in turn
 * and then crashed: writes not yet committed are lost, none, half of them at random, or all, as a power cut
 * would lose what the page cache held. Whatever the step and the loss, each aggregate is its old self or its
 * restored self, never a document without its stream; a clean-up after the grace period leaves only streams a
 * document names and an empty journal; and the bulk restore then runs again to the end.
 */
class GroupedRestoreCrashTest {
    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");
    private static final String NAME = "Order";
    private static final List<String> IDS = List.of("o-0", "o-1", "o-2", "o-3");
    /** Each crash's chance to lose a write not yet committed: none, half at random (eight draws), all. */
    private static final double[] LOSSES = {0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.0};

    record Setup(MutableClock clock, FaultyBlobStore faults, CrashableBlobStore disk, BlobEventStore store,
                 BackupRestoreService service, List<BackupHandle> backups, Map<String, List<Event>> backedUp,
                 Map<String, ObjectDocument> before) {}

    /** Backups of four aggregates; the target store holds older versions of two of them, and not the others. */
    private static Setup setup() {
        MutableClock clock = new MutableClock(START);
        InMemoryEventStore source = new InMemoryEventStore();
        InMemoryBlobStore backupBlobs = new InMemoryBlobStore(clock);
        BackupRestoreService sourceService = BackupRestoreService.builder(source, new BlobBackupProvider(backupBlobs))
                .clock(clock).build();
        List<BackupHandle> backups = new ArrayList<>();
        Map<String, List<Event>> backedUp = new LinkedHashMap<>();
        for (int i = 0; i < IDS.size(); i++) {
            ObjectDocument doc = Streams.create(source, NAME, IDS.get(i), 5 + i, null, 2);
            backedUp.put(IDS.get(i), Streams.readAll(source, NAME, doc.active()));
            backups.add(sourceService.backupStream(NAME, IDS.get(i), BackupOptions.FULL));
        }
        FaultyBlobStore faults = new FaultyBlobStore(new InMemoryBlobStore(clock), 7);
        CrashableBlobStore disk = new CrashableBlobStore(faults);
        BlobEventStore store = new BlobEventStore(disk);
        Map<String, ObjectDocument> before = new LinkedHashMap<>();
        before.put("o-0", Streams.create(store, NAME, "o-0", 2, null));
        before.put("o-1", Streams.create(store, NAME, "o-1", 3, null));
        BackupRestoreService service = BackupRestoreService.builder(store, new BlobBackupProvider(backupBlobs))
                .clock(clock).build();
        return new Setup(clock, faults, disk, store, service, backups, backedUp, before);
    }

    private static BulkRestoreResult restoreAll(Setup s) {
        return s.service().restoreMany(s.backups(), BulkRestoreOptions.builder().overwrite(true).maxConcurrency(1)
                .continueOnError(true).build());
    }

    @Test
    void aGroupKilledAtAnyWriteAndCrashedLeavesEachAggregateOldOrRestoredAndACleanUpFinishesIt() {
        Setup probe = setup();
        int writesBefore = probe.faults().calls(BlobOp.WRITE);
        BulkRestoreResult whole = restoreAll(probe);
        int writes = probe.faults().calls(BlobOp.WRITE) - writesBefore;
        assertThat(whole.successCount()).isEqualTo(IDS.size());
        assertThat(probe.disk().commits()).as("one group: streams, then documents").isEqualTo(2);
        // One journal entry and its update, a stream (events and a snapshot) and a document per aggregate, and
        // the two commits.
        assertThat(writes).isEqualTo(2 + 3 * IDS.size() + 2);
        assertThat(KilledRuns.journal(probe.store())).isEmpty();

        int lostSwaps = 0;
        int orphansSwept = 0;
        for (int trial = 0; trial < LOSSES.length; trial++) {
            double loss = LOSSES[trial];
            for (int k = 1; k <= writes + 1; k++) {
                Setup s = setup();
                String step = "killed at write " + k + ", crash " + trial + " losing " + loss;
                KilledRuns.kill(s.faults(), k);
                BulkRestoreResult killed = restoreAll(s);
                killed.failedRestores().forEach(f -> Injected.assertInjected(s.faults(), f.exception(), step));
                s.faults().heal();
                List<String> swappedBefore = swapped(s);
                s.disk().crash(new Random(31L * k + trial), loss);
                List<String> swappedAfter = swapped(s);
                lostSwaps += swappedBefore.size() - swappedAfter.size();
                // A restore reported done was committed: no crash takes it back.
                assertThat(swappedAfter).as("%s: reported restored", step).containsAll(killed.successfulRestores()
                        .stream().map(RestoreResult::objectId).toList());

                for (String id : IDS) {
                    Optional<ObjectDocument> live = s.store().readDocument(NAME, id).map(d -> d.document());
                    if (swappedAfter.contains(id)) {
                        assertThat(Streams.readAll(s.store(), NAME, live.orElseThrow().active()))
                                .as("%s: %s", step, id).isEqualTo(s.backedUp().get(id));
                    } else {
                        assertThat(live).as("%s: %s is as it was", step, id)
                                .isEqualTo(Optional.ofNullable(s.before().get(id)));
                    }
                }

                CleanupReport early = s.service().cleanupExpiredBackups(false);
                assertThat(early.abandonedRestores()).as("%s: within the grace period", step).isEmpty();
                s.clock().advance(BackupRestoreService.DEFAULT_UNFINISHED_GRACE.plusSeconds(1));
                CleanupReport report = s.service().cleanupExpiredBackups(false);
                orphansSwept += report.orphanStreamsDeleted();
                assertThat(KilledRuns.journal(s.store())).as(step).isEmpty();
                for (String id : IDS) {
                    Optional<ObjectDocument> doc = s.store().readDocument(NAME, id).map(d -> d.document());
                    if (doc.isPresent()) {
                        assertThat(StoredStreams.referencedBy(doc.get())).as("%s: %s", step, id)
                                .contains(doc.get().active().streamIdentifier());
                    }
                }
                assertThat(referencedByAll(s)).as("%s: only streams a document names are left", step)
                        .containsAll(StoredStreams.onDisk(s.faults(), "order"));

                BulkRestoreResult again = restoreAll(s);
                assertThat(again.successCount()).as(step).isEqualTo(IDS.size());
                for (String id : IDS) {
                    assertThat(Streams.readAll(s.store(), NAME, Streams.document(s.store(), NAME, id).active()))
                            .as("%s: %s restored again", step, id).isEqualTo(s.backedUp().get(id));
                }
                assertThat(KilledRuns.journal(s.store())).isEmpty();
            }
        }
        assertThat(lostSwaps).as("crashes that lost swaps not yet committed").isPositive();
        assertThat(orphansSwept).as("streams of groups killed before their swaps").isPositive();
    }

    /** The aggregates whose document is no longer the one they had before the restore. */
    private static List<String> swapped(Setup s) {
        return IDS.stream().filter(id -> !s.store().readDocument(NAME, id).map(d -> d.document())
                .equals(Optional.ofNullable(s.before().get(id)))).toList();
    }

    private static java.util.Set<String> referencedByAll(Setup s) {
        java.util.Set<String> all = new java.util.HashSet<>();
        for (String id : IDS) {
            s.store().readDocument(NAME, id).ifPresent(d -> all.addAll(StoredStreams.referencedBy(d.document())));
        }
        return all;
    }


}
