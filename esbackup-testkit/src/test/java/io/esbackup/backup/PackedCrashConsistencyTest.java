package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.CrashConsistencyTest.Child;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.FileEventStore;
import io.esbackup.testkit.Reliability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency of packed runs (RELIABILITY suite 1 over {@code pack}): a child JVM runs a packed
 * backupMany and is killed with SIGKILL at a random moment of an uninterrupted run's duration. After each
 * kill the run is all or nothing: either none of its backups is visible, or every one is and each validates;
 * clean-up with the grace period elapsed removes every blob a dead run left (packs, indexes, temporary files)
 * and keeps a committed run whole; and a re-run commits a backup of every stream.
 */
class PackedCrashConsistencyTest {
    static final int STREAMS = 1500;
    static final int CI_TRIALS = 10;
    static final int VALIDATE_SAMPLE = 40;

    @TempDir
    static Path root;

    @Test
    void aPackedRunKilledAtARandomMomentShowsAllOfItsBackupsOrNoneAndCleanUpRemovesTheRest() throws Exception {
        long seed = Long.getLong("esbackup.crashSeed", System.nanoTime());
        System.out.println("PackedCrashConsistencyTest seed=" + seed + " (replay with -Desbackup.crashSeed=" + seed
                + ")");
        Path storeDir = root.resolve("store");
        FileEventStore store = new FileEventStore(storeDir);
        for (int i = 0; i < STREAMS; i++) {
            Streams.create(store, "Order", CrashConsistencyTest.orderId(i), 1 + i % 9, null);
        }
        Child c = Child.start(CrashBackupMain.class, storeDir.toString(), root.resolve("calibration").toString(),
                "" + STREAMS, "pack");
        c.awaitStart();
        long t0 = System.nanoTime();
        assertThat(c.process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        long runMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(c.process.exitValue()).as(c.output()).isZero();
        assertThat(c.output()).contains("DONE succeeded=" + STREAMS + " failed=0");

        Random random = new Random(seed);
        int trials = Reliability.trials(CI_TRIALS);
        int none = 0;
        int all = 0;
        for (int trial = 0; trial < trials; trial++) {
            Path backups = root.resolve("backups-" + trial);
            long delay = (long) (random.nextDouble() * runMs * 1.1);
            String what = "trial " + trial + " (seed " + seed + ", kill after " + delay + " of " + runMs + " ms)";
            Child child = Child.start(CrashBackupMain.class, storeDir.toString(), backups.toString(), "" + STREAMS,
                    "pack");
            child.awaitStart();
            child.process.waitFor(delay, TimeUnit.MILLISECONDS);
            child.kill();

            BlobBackupProvider provider = new BlobBackupProvider(new LocalBlobStore(backups));
            BackupRestoreService service = BackupRestoreService.builder(store, provider)
                    .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1)))
                    .unfinishedGrace(Duration.ZERO).build();
            List<BackupHandle> visible = service.listBackups();
            assertThat(visible.size()).as(what + ": all of the run or none").isIn(0, STREAMS);
            if (visible.isEmpty()) {
                none++;
            } else {
                all++;
                assertThat(child.output()).as(what).doesNotContain("Exception");
                for (int i = 0; i < VALIDATE_SAMPLE; i++) {
                    BackupHandle h = visible.get(random.nextInt(visible.size()));
                    assertThat(service.validateBackup(h.backupId()).problems()).as(what + " " + h.backupId()).isEmpty();
                }
            }

            CleanupReport report = service.cleanupExpiredBackups(false);
            assertThat(CrashConsistencyTest.tempFiles(backups)).as(what + ": temporary files after clean-up").isZero();
            List<String> left = files(backups);
            if (visible.isEmpty()) {
                assertThat(left).as(what + ": a dead run leaves nothing after clean-up").isEmpty();
            } else {
                assertThat(report.packs().unfinishedRuns()).as(what).isZero();
                assertThat(left).as(what + ": a committed run is kept").anyMatch(k -> k.endsWith("run.json"));
            }
            assertThat(service.listBackups()).as(what + ": clean-up kept the committed backups")
                    .hasSize(visible.size());

            BulkBackupResult again = service.backupMany(IntStream.range(0, STREAMS)
                            .mapToObj(CrashConsistencyTest::orderId).toList(), "Order",
                    BulkBackupOptions.builder().maxConcurrency(4).pack(true).build());
            assertThat(again.successCount()).as(what).isEqualTo(STREAMS);
            assertThat(service.listBackups()).as(what).hasSize(visible.size() + STREAMS);
            CrashConsistencyTest.deleteTree(backups);
        }
        System.out.printf("PackedCrashConsistency: streams=%d uninterruptedRunMs=%d trials=%d killedBeforeCommit=%d "
                + "committed=%d seed=%d%n", STREAMS, runMs, trials, none, all, seed);
        assertThat(none + all).isEqualTo(trials);
    }

    private static List<String> files(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
        }
    }
}
