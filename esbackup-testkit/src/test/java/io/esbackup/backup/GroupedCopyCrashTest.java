package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A copy into a store that commits in groups (a local folder's batches, section 7c), "killed" at each of its writes
 * in turn and then crashed: writes not yet committed are lost, none, half of them at random, or all, as a power cut
 * would lose what the page cache held. Whatever the step and the loss, a backup reported copied is there, every
 * backup the destination lists has its archive intact (no manifest outlives its archive), and the next copy
 * finishes the rest with one manifest and one pointer each.
 */
class GroupedCopyCrashTest {
    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    private static final BackupQuery ALL = BackupQuery.builder().build();
    /** Each crash's chance to lose a write not yet committed: none, half at random (four draws), all. */
    private static final double[] LOSSES = {0.0, 0.5, 0.5, 0.5, 0.5, 1.0};

    record Source(BackupRestoreService service, int backups) {}

    /** Four full backups and a chain of a root and two deltas. */
    private static Source source(MutableClock clock) {
        InMemoryEventStore store = new InMemoryEventStore();
        BackupRestoreService service = BackupRestoreService.builder(store,
                new BlobBackupProvider(new InMemoryBlobStore(clock))).clock(clock).build();
        for (int i = 0; i < 4; i++) {
            Streams.create(store, "Order", "o-" + i, 3 + i, null);
            service.backupStream("Order", "o-" + i, BackupOptions.FULL);
        }
        BackupOptions incremental = BackupOptions.builder().incremental(true).build();
        Streams.create(store, "Order", "c-1", 8, null);
        service.backupStream("Order", "c-1", incremental);
        for (int round = 0; round < 2; round++) {
            ObjectDocument doc = Streams.document(store, "Order", "c-1");
            StreamInformation s = store.appendEvents("Order", doc.active(), StreamHeader.of("Order", "c-1"),
                    Streams.events(doc.active().currentStreamVersion() + 1, 2));
            store.writeDocument(doc.withActive(s), store.readDocument("Order", "c-1").orElseThrow().etag());
            service.backupStream("Order", "c-1", incremental);
        }
        return new Source(service, 7);
    }

    record Destination(FaultyBlobStore faults, CrashableBlobStore disk, BackupRestoreService service) {}

    private static Destination destination(MutableClock clock) {
        FaultyBlobStore faults = new FaultyBlobStore(new InMemoryBlobStore(clock), 11);
        CrashableBlobStore disk = new CrashableBlobStore(faults);
        BackupRestoreService service = BackupRestoreService.builder(new InMemoryEventStore(),
                new BlobBackupProvider(disk)).clock(clock).build();
        return new Destination(faults, disk, service);
    }

    private static CopyReport copy(Source src, Destination dst) {
        return src.service().copyTo(new BlobBackupProvider(dst.disk()), ALL,
                CopyOptions.builder().maxConcurrency(1).build());
    }

    @Test
    void aCopyKilledAtAnyWriteAndCrashedKeepsWhatItReportedAndTheNextCopyFinishesIt() {
        MutableClock clock = new MutableClock(START);
        Source src = source(clock);
        Destination probe = destination(clock);
        CopyReport whole = copy(src, probe);
        assertThat(whole.copied()).isEqualTo(src.backups());
        // Pointer, archive and manifest of each, and the batch's two commits (one batch: seven backups).
        int writes = probe.faults().calls(BlobOp.WRITE);
        assertThat(probe.disk().commits()).as("pointers and archives, then manifests").isEqualTo(2);
        assertThat(writes).isEqualTo(3 * src.backups() + 2);
        Map<UUID, String> expected = listed(src.service());

        int lostManifests = 0;
        int reportedCopied = 0;
        for (int trial = 0; trial < LOSSES.length; trial++) {
            double loss = LOSSES[trial];
            for (int k = 1; k <= writes + 1; k++) {
                String step = "killed at write " + k + ", crash " + trial + " losing " + loss;
                Destination dst = destination(clock);
                KilledRuns.kill(dst.faults(), k);
                CopyReport killed = copy(src, dst);
                for (CopyFailure f : killed.failures()) {
                    Injected.assertInjected(dst.faults(), f.exception(), step);
                }
                dst.faults().heal();
                int listedBefore = listed(dst.service()).size();
                dst.disk().crash(new Random(17L * k + trial), loss);
                Map<UUID, String> after = listed(dst.service());
                lostManifests += listedBefore - after.size();
                reportedCopied += killed.copied();

                // A copy reported done was committed: no crash takes it back.
                assertThat(after.size()).as("%s: reported copied", step).isGreaterThanOrEqualTo((int) killed.copied());
                // What lists is whole: its archive is there and is the source's, byte for byte.
                assertThat(expected).as(step).containsAllEntriesOf(after);
                try (Stream<ValidationReport> reports = dst.service().validateAll()) {
                    assertThat(reports.toList()).as(step).allSatisfy(r -> assertThat(r.problems()).isEmpty());
                }

                CopyReport again = copy(src, dst);
                assertThat(again.failures()).as(step).isEmpty();
                assertThat(again.copied() + again.skipped()).as(step).isEqualTo(src.backups());
                assertThat(listed(dst.service())).as(step).isEqualTo(expected);
                assertThat(keys(dst, "backup-index/")).as("%s: one pointer each", step).hasSize(src.backups());
                assertThat(keys(dst, "backups/").stream().filter(key -> key.endsWith(".meta")))
                        .as("%s: one manifest each", step).hasSize(src.backups());
                try (Stream<ValidationReport> reports = dst.service().validateAll()) {
                    assertThat(reports.toList()).as(step).hasSize(src.backups()).allSatisfy(r -> {
                        assertThat(r.problems()).isEmpty();
                        assertThat(r.warnings()).isEmpty();
                    });
                }
            }
        }
        assertThat(lostManifests).as("crashes that lost manifests not yet committed").isPositive();
        assertThat(reportedCopied).as("killed copies that still finished some backups").isPositive();
    }

    private static Map<UUID, String> listed(BackupRestoreService service) {
        Map<UUID, String> out = new HashMap<>();
        service.listBackups(BackupQuery.builder().includeExpired(true).build())
                .forEach(h -> out.put(h.backupId(), h.sizeBytes() + " " + h.manifest().sha256()));
        return out;
    }

    private static List<String> keys(Destination dst, String prefix) {
        List<String> keys = new ArrayList<>();
        try (Stream<io.esbackup.blob.BlobInfo> all = dst.faults().list(prefix)) {
            all.forEach(b -> keys.add(b.key()));
        }
        return keys;
    }
}
