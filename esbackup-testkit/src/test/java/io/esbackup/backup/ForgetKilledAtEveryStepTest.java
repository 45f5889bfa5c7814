package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * forget in the crash suite: a run over a local folder is killed at each of its deletions in turn (from that
 * deletion on, every write and delete fails, as if the process were gone). Afterwards, in a new process: every
 * backup listed validates (the kept incremental chains are whole), a deletion cut off after the manifest is an
 * unfinished backup, invisible and removed by clean-up, and a second forget finishes the job, leaving exactly
 * the backups the policy keeps.
 */
class ForgetKilledAtEveryStepTest {
    static final RetentionPolicy POLICY = RetentionPolicy.builder().keepLast(2).build();
    static final BackupQuery ORDERS = BackupQuery.builder().objectName("Order").build();
    static final BackupOptions INCREMENTAL = BackupOptions.builder().incremental(true).build();

    @TempDir
    Path dir;

    record Setup(FaultyBlobStore faults, BackupRestoreService service, LocalBlobStore blobs, Set<UUID> kept) {}

    Setup setup(String name) {
        LocalBlobStore blobs = new LocalBlobStore(dir.resolve(name));
        FaultyBlobStore faults = new FaultyBlobStore(blobs);
        InMemoryEventStore store = new InMemoryEventStore();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        BackupRestoreService service = BackupRestoreService.builder(store, new BlobBackupProvider(faults))
                .clock(clock).build();
        // o-1: an old chain (a full backup and three deltas), then a new one (full, one delta): the new one stays.
        Streams.create(store, "Order", "o-1", 10, null);
        List<BackupHandle> o1 = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofHours(1));
            append(store, "o-1", i == 4 ? 40 : 2); // 40: more than half the stream, so a full backup
            o1.add(service.backupStream("Order", "o-1", INCREMENTAL));
        }
        assertThat(o1.get(3).parentBackupId()).isEqualTo(o1.get(2).backupId().toString());
        assertThat(o1.get(4).manifest().isDelta()).isFalse();
        assertThat(o1.get(5).parentBackupId()).isEqualTo(o1.get(4).backupId().toString());
        // o-2: five full backups, the two newest stay.
        Streams.create(store, "Order", "o-2", 4, null);
        List<BackupHandle> o2 = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofHours(1));
            o2.add(service.backupStream("Order", "o-2", BackupOptions.DEFAULT));
        }
        Set<UUID> kept = Set.of(o1.get(5).backupId(), o1.get(4).backupId(), o2.get(4).backupId(),
                o2.get(3).backupId());
        return new Setup(faults, service, blobs, kept);
    }

    @Test
    void forgetKilledAtEachDeletionLeavesValidBackupsAndASecondRunFinishes() {
        Setup probe = setup("probe");
        int before = probe.faults().calls(BlobOp.DELETE);
        ForgetReport clean = probe.service().forget(ORDERS, POLICY, false);
        int deletes = probe.faults().calls(BlobOp.DELETE) - before;
        assertThat(clean.removedCount()).isEqualTo(7);
        assertThat(deletes).as("manifest, archive and id pointer of each").isEqualTo(21);
        assertThat(ids(probe.service())).isEqualTo(probe.kept());

        long unfinishedSeen = 0;
        for (int k = 1; k <= deletes; k++) {
            String what = "killed at deletion " + k + " of " + deletes;
            Setup s = setup("kill-" + k);
            // From deletion k on every deletion and write fails: the process is gone (forget writes nothing).
            int d = s.faults().calls(BlobOp.DELETE);
            int w = s.faults().calls(BlobOp.WRITE);
            s.faults().failOnCall(BlobOp.DELETE, IntStream.range(d + k, d + k + 1000).toArray())
                    .failOnCall(BlobOp.WRITE, IntStream.range(w + 1, w + 1000).toArray());

            ForgetReport killed = s.service().forget(ORDERS, POLICY, false);
            assertThat(killed.failures()).as(what).isNotEmpty();
            for (ForgetFailure f : killed.failures()) {
                Injected.assertInjected(s.faults(), f.exception(), what + ", " + f.backup().backupId());
                assertThat(s.kept()).as(what + ": a kept backup is never deleted").doesNotContain(
                        f.backup().backupId());
            }

            // A new process: the same folder, no faults; a clock a second ahead with no grace, so clean-up takes
            // what the kill left unfinished now.
            BackupRestoreService after = BackupRestoreService.builder(new InMemoryEventStore(),
                    new BlobBackupProvider(s.blobs())).clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1)))
                    .unfinishedGrace(Duration.ZERO).build();
            assertThat(ids(after)).as(what).containsAll(s.kept());
            for (BackupHandle h : after.listBackups(ForgetTest.EVERYTHING)) {
                assertThat(after.validateBackup(h).problems()).as(what + ": " + h.backupId()).isEmpty();
            }
            ForgetReport again = after.forget(ORDERS, POLICY, false);
            assertThat(again.failures()).as(what).isEmpty();
            assertThat(ids(after)).as(what).isEqualTo(s.kept());
            BlobBackupProvider provider = new BlobBackupProvider(s.blobs());
            long unfinished = unfinished(provider);
            unfinishedSeen += unfinished;
            assertThat(after.cleanupExpiredBackups().unfinished()).as(what).hasSize((int) unfinished);
            assertThat(unfinished(provider)).as(what + ": unfinished after clean-up").isZero();
            try (Stream<ValidationReport> all = after.validateAll()) {
                assertThat(all.toList()).as(what).hasSize(4).allSatisfy(r -> assertThat(r.problems()).isEmpty());
            }
        }
        assertThat(unfinishedSeen).as("kills between a manifest and its archive leave unfinished backups")
                .isPositive();
    }

    static long unfinished(BlobBackupProvider provider) {
        try (Stream<UnfinishedBackup> s = provider.listUnfinished()) {
            return s.count();
        }
    }

    static Set<UUID> ids(BackupRestoreService service) {
        return service.listBackups(ForgetTest.EVERYTHING).stream().map(BackupHandle::backupId)
                .collect(Collectors.toSet());
    }

    static void append(InMemoryEventStore store, String id, int count) {
        ObjectDocument doc = Streams.document(store, "Order", id);
        StreamInformation s = store.appendEvents("Order", doc.active(), StreamHeader.of("Order", id),
                Streams.events(doc.active().currentStreamVersion() + 1, count));
        store.writeDocument(doc.withActive(s), store.readDocument("Order", id).orElseThrow().etag());
    }
}
