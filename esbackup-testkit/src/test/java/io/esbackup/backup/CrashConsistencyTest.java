package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.FileEventStore;
import io.esbackup.store.StoredDocument;
import io.esbackup.testkit.Reliability;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency (RELIABILITY suite 1). A child JVM runs backupMany over a few thousand tiny streams, or
 * an overwrite-restore of a large stream, and is killed with SIGKILL at a random moment within the duration
 * of an uninterrupted run (measured first). After each kill: every backup list/get shows validates,
 * unfinished ones are invisible and removed by clean-up, a re-run succeeds (over every stream in every
 * fifth trial and the last, over the unfinished ones plus a random sample in the others, since a full run
 * costs seconds of fsyncs); the live stream is
 * entirely the old one or entirely the restored one; a clean-up with the grace period elapsed leaves no stream
 * that no document names, no restore journal entry and no temporary file, and the backups validate; and a
 * second restore succeeds. Trials:
 * {@code Reliability.trials(20)} of each. The seed (property {@code esbackup.crashSeed} to replay) and the
 * figures are printed.
 */
class CrashConsistencyTest {
    /** Streams in the fleet; each backup costs a few fsyncs, so CI keeps this modest. */
    static final int STREAMS = Integer.getInteger("esbackup.crashStreams", 2000);
    static final int BIG_EVENTS = 500_000;
    static final int CHUNK = 50_000;
    static final int CI_TRIALS = 20;
    static final int FULL_RERUN_EVERY = 5;
    static final int RERUN_SAMPLE = 50;

    @TempDir
    static Path root;

    static long seed;

    static String orderId(int i) {
        return String.format("o-%05d", i);
    }

    @BeforeAll
    static void seed() {
        seed = Long.getLong("esbackup.crashSeed", System.nanoTime());
        System.out.println("CrashConsistencyTest seed=" + seed + " (replay with -Desbackup.crashSeed=" + seed + ")");
    }

    // ---------------------------------------------------------------- backup

    @Test
    void backupManyKilledAtARandomMomentLeavesOnlyValidOrInvisibleBackups() throws Exception {
        long setupStart = System.nanoTime();
        Path storeDir = root.resolve("fleet-store");
        FileEventStore store = new FileEventStore(storeDir);
        for (int i = 0; i < STREAMS; i++) {
            Streams.create(store, "Order", orderId(i), 3, null);
        }
        long setupMs = ms(setupStart);

        Path calib = root.resolve("fleet-backups-calibration");
        Child c = Child.start(CrashBackupMain.class, storeDir.toString(), calib.toString(), "" + STREAMS);
        c.awaitStart();
        long t0 = System.nanoTime();
        assertThat(c.process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        long runMs = ms(t0);
        assertThat(c.process.exitValue()).as(c.output()).isZero();
        assertThat(c.output()).contains("DONE succeeded=" + STREAMS + " failed=0");

        Random random = new Random(seed);
        int trials = Reliability.trials(CI_TRIALS);
        int killedMidRun = 0;
        int finishedBeforeKill = 0;
        long visibleTotal = 0;
        long unfinishedTotal = 0;
        long tempFilesTotal = 0;
        long tempFilesAfterCleanup = 0;
        long childMs = 0;
        long checkMs = 0;
        long rerunMs = 0;
        int fullReruns = 0;
        long rerunBackups = 0;
        int trialsWithUnfinished = 0;
        long trialsStart = System.nanoTime();
        for (int trial = 0; trial < trials; trial++) {
            Path backups = root.resolve("fleet-backups-" + trial);
            long delay = (long) (random.nextDouble() * runMs * 1.05);
            long tChild = System.nanoTime();
            Child child = Child.start(CrashBackupMain.class, storeDir.toString(), backups.toString(), "" + STREAMS);
            child.awaitStart();
            boolean exited = child.process.waitFor(delay, TimeUnit.MILLISECONDS);
            child.kill();
            if (exited || child.output().contains("DONE")) {
                finishedBeforeKill++;
            } else {
                killedMidRun++;
            }
            String what = "trial " + trial + " (seed " + seed + ", kill after " + delay + " ms)";

            long tCheck = System.nanoTime();
            childMs += ms(tChild);
            BlobBackupProvider provider = new BlobBackupProvider(new LocalBlobStore(backups));
            // Zero grace, and a clock a second ahead so that files written in this very second count as older.
            BackupRestoreService service = BackupRestoreService.builder(store, provider)
                    .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofSeconds(1)))
                    .unfinishedGrace(Duration.ZERO).build();
            List<BackupHandle> visible = service.listBackups();
            for (BackupHandle h : visible) {
                assertThat(service.validateBackup(h).valid()).as(what + " " + h.backupId()).isTrue();
                assertThat(service.getBackup(h.backupId())).as(what).isPresent();
            }
            assertThat(visible.stream().map(BackupHandle::objectId).distinct().count())
                    .as(what + ": one backup per stream").isEqualTo(visible.size());
            visibleTotal += visible.size();

            List<UnfinishedBackup> unfinished;
            try (Stream<UnfinishedBackup> s = provider.listUnfinished()) {
                unfinished = s.toList();
            }
            for (UnfinishedBackup u : unfinished) {
                assertThat(service.getBackup(u.location().backupId())).as(what + " unfinished " + u).isEmpty();
                assertThat(visible).as(what).noneMatch(h -> h.backupId().equals(u.location().backupId()));
            }
            unfinishedTotal += unfinished.size();
            if (!unfinished.isEmpty()) {
                trialsWithUnfinished++;
            }
            long temps = tempFiles(backups);
            tempFilesTotal += temps;

            CleanupReport report = service.cleanupExpiredBackups(false);
            assertThat(report.expired()).as(what).isEmpty();
            assertThat(report.unfinished()).as(what).hasSize(unfinished.size());
            assertThat(report.temporaryFiles()).as(what + ": temporary files swept").isEqualTo(temps);
            assertThat(tempFiles(backups)).as(what + ": temporary files after clean-up").isZero();
            try (Stream<UnfinishedBackup> s = provider.listUnfinished()) {
                assertThat(s.toList()).as(what + ": unfinished after clean-up").isEmpty();
            }
            assertThat(service.listBackups()).as(what + ": clean-up kept the finished backups")
                    .hasSize(visible.size());

            checkMs += ms(tCheck);
            long tAgain = System.nanoTime();
            // A full re-run costs as much as the child's run (fsyncs): every FULL_RERUN_EVERY-th trial re-runs
            // every stream, the others a random sample (the streams a kill may have left half-done included).
            boolean full = trial % FULL_RERUN_EVERY == FULL_RERUN_EVERY - 1 || trial == trials - 1;
            List<String> ids = full
                    ? IntStream.range(0, STREAMS).mapToObj(CrashConsistencyTest::orderId).toList()
                    : Stream.concat(unfinished.stream().map(u -> u.location().objectId()),
                            random.ints(RERUN_SAMPLE, 0, STREAMS).mapToObj(CrashConsistencyTest::orderId))
                            .distinct().toList();
            BulkBackupResult again = service.backupMany(ids, "Order",
                    BulkBackupOptions.builder().maxConcurrency(4).build());
            assertThat(again.isFullySuccessful()).as(what + ": " + again.failedBackups()).isTrue();
            assertThat(again.successCount()).isEqualTo(ids.size());
            assertThat(service.listBackups()).as(what).hasSize(visible.size() + ids.size());
            if (full) {
                fullReruns++;
            }
            rerunBackups += ids.size();
            rerunMs += ms(tAgain);
            tempFilesAfterCleanup += tempFiles(backups);
            deleteTree(backups);
        }
        System.out.printf("CrashConsistency backup: streams=%d setupMs=%d uninterruptedRunMs=%d trials=%d"
                        + " killedMidRun=%d finishedBeforeKill=%d visibleBackupsValidated=%d unfinishedFoundAndCleaned=%d"
                        + " trialsWithUnfinished=%d tempFilesLeftByKills=%d tempFilesAfterCleanupAndRerun=%d trialsMs=%d"
                        + " (childMs=%d checkAndCleanupMs=%d rerunMs=%d) fullReruns=%d rerunBackupsOk=%d seed=%d%n",
                STREAMS, setupMs, runMs, trials, killedMidRun, finishedBeforeKill, visibleTotal, unfinishedTotal,
                trialsWithUnfinished, tempFilesTotal, tempFilesAfterCleanup, ms(trialsStart), childMs, checkMs, rerunMs,
                fullReruns, rerunBackups, seed);
    }

    // ---------------------------------------------------------------- restore

    @Test
    void restoreKilledAtARandomMomentLeavesTheOldStreamOrTheRestoredOne() throws Exception {
        long setupStart = System.nanoTime();
        Path storeDir = root.resolve("big-store");
        Path backupsDir = root.resolve("big-backups");
        FileEventStore store = new FileEventStore(storeDir);
        BackupRestoreService service = new BackupRestoreService(store,
                new BlobBackupProvider(new LocalBlobStore(backupsDir)));
        Big[] bigs = {big(store, service, "Big", "big", null), big(store, service, "BigC", "bigc", CHUNK)};
        long setupMs = ms(setupStart);

        Random random = new Random(seed ^ 0x5DEECE66DL);
        int trials = Reliability.trials(CI_TRIALS);
        long[] runMs = new long[bigs.length];
        int killedBeforeSwap = 0;
        int killedAfterSwap = 0;
        int finishedBeforeKill = 0;
        long tempFilesLeft = 0;
        long tempFilesSwept = 0;
        long journalEntriesSwept = 0;
        long orphanStreamsSwept = 0;
        BackupRestoreService sweeper = BackupRestoreService.builder(store,
                        new BlobBackupProvider(new LocalBlobStore(backupsDir)))
                .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofSeconds(1)))
                .unfinishedGrace(Duration.ZERO).build();
        long trialsStart = System.nanoTime();
        for (int b = 0; b < bigs.length; b++) {
            Child c = Child.start(CrashRestoreMain.class, storeDir.toString(), backupsDir.toString(),
                    bigs[b].backup.backupId().toString());
            c.awaitStart();
            long t0 = System.nanoTime();
            assertThat(c.process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            runMs[b] = ms(t0);
            assertThat(c.process.exitValue()).as(c.output()).isZero();
            assertThat(liveHash(store, bigs[b])).isEqualTo(bigs[b].backupHash);
            bigs[b].reset(store);
            // Each trial starts with the old stream alone: the backed-up and calibration streams, which reset
            // left unnamed, go.
            purgeUnreferenced(store, storeDir, bigs[b]);
        }
        for (int trial = 0; trial < trials; trial++) {
            Big big = bigs[trial % bigs.length];
            // Half the trials (2 and 3 of every 4) aim at the end of the run, where the swap is (a window of a few ms).
            double at = trial % 4 < 2 ? random.nextDouble() * 1.05 : 0.85 + random.nextDouble() * 0.2;
            long delay = (long) (at * runMs[trial % bigs.length]);
            String what = "trial " + trial + " " + big.objectId + " (seed " + seed + ", kill after " + delay + " ms)";
            Child child = Child.start(CrashRestoreMain.class, storeDir.toString(), backupsDir.toString(),
                    big.backup.backupId().toString());
            child.awaitStart();
            boolean exited = child.process.waitFor(delay, TimeUnit.MILLISECONDS);
            child.kill();
            boolean finished = exited || child.output().contains("DONE");

            String hash = liveHash(store, big);
            assertThat(hash).as(what + ": live stream is the old one or the restored one")
                    .isIn(big.oldHash, big.backupHash);
            if (finished) {
                finishedBeforeKill++;
                assertThat(hash).as(what).isEqualTo(big.backupHash);
            } else if (hash.equals(big.backupHash)) {
                killedAfterSwap++;
            } else {
                killedBeforeSwap++;
            }

            // A clean-up with the grace period elapsed (zero grace, and a clock a second ahead so that files
            // written in this very second count as older) leaves no restore stream that no document names, no
            // journal entry and no temporary file, in either folder; the backups still validate.
            tempFilesLeft += tempFiles(storeDir) + tempFiles(backupsDir);
            CleanupReport swept = sweeper.cleanupExpiredBackups(false);
            journalEntriesSwept += swept.abandonedRestores().size();
            orphanStreamsSwept += swept.orphanStreamsDeleted();
            tempFilesSwept += swept.temporaryFiles();
            assertThat(swept.expired()).as(what).isEmpty();
            assertThat(tempFiles(storeDir) + tempFiles(backupsDir)).as(what + ": temporary files after clean-up")
                    .isZero();
            try (Stream<io.esbackup.store.JournaledRestore> journal = store.listRestores()) {
                assertThat(journal).as(what + ": restore journal after clean-up").isEmpty();
            }
            assertThat(streamsOf(storeDir, big)).as(what + ": only streams a document names are left")
                    .isEqualTo(referenced(store, big));
            assertThat(liveHash(store, big)).as(what + ": clean-up left the live stream").isEqualTo(hash);
            for (BackupHandle h : service.listBackups()) {
                assertThat(service.validateBackup(h).valid()).as(what + " " + h.backupId()).isTrue();
            }

            RestoreResult again = service.restoreStream(big.backup, RestoreOptions.WITH_OVERWRITE);
            assertThat(again.eventsRestored()).as(what).isEqualTo(BIG_EVENTS);
            assertThat(liveHash(store, big)).as(what + ": second restore").isEqualTo(big.backupHash);
            big.reset(store);
            // The second restore's stream is referenced only as a terminated one of the document just replaced;
            // purge what reset unreferenced, so each trial starts with the old stream and nothing else.
            purgeUnreferenced(store, storeDir, big);
        }
        System.out.printf("CrashConsistency restore: events=%d (unchunked and chunked by %d) setupMs=%d"
                        + " uninterruptedRunMs=%d/%d trials=%d killedBeforeSwap=%d killedAfterSwap=%d"
                        + " finishedBeforeKill=%d secondRestoresOk=%d journalEntriesSwept=%d orphanStreamsSwept=%d"
                        + " tempFilesLeftByKills=%d tempFilesSwept=%d trialsMs=%d seed=%d%n",
                BIG_EVENTS, CHUNK, setupMs, runMs[0], runMs[1], trials, killedBeforeSwap, killedAfterSwap,
                finishedBeforeKill, trials, journalEntriesSwept, orphanStreamsSwept, tempFilesLeft, tempFilesSwept,
                ms(trialsStart), seed);
    }

    /** One large aggregate: a backup of variant "b", then a live stream of variant "old" under a new id. */
    static final class Big {
        String objectName;
        String objectId;
        BackupHandle backup;
        String backupHash;
        String oldHash;
        ObjectDocument oldDocument;
        boolean chunked;

        void reset(FileEventStore store) {
            StoredDocument current = store.readDocument(objectName, objectId).orElseThrow();
            store.writeDocument(oldDocument, current.etag());
        }
    }

    static Big big(FileEventStore store, BackupRestoreService service, String name, String id, Integer chunk) {
        Big big = new Big();
        big.objectName = name;
        big.objectId = id;
        big.chunked = chunk != null;
        ChunkSettings cs = chunk == null ? null : ChunkSettings.of(chunk);
        StreamInformation b = store.appendEvents(name,
                new StreamInformation(id + "-0000000000", "blob", -1, cs, List.of(), List.of(), Map.of()),
                StreamHeader.of(name, id), events("b"));
        store.writeDocument(ObjectDocument.create(name, id, b), null);
        big.backup = service.backupStream(name, id);
        big.backupHash = hash(store, name, b);
        StreamInformation old = store.appendEvents(name,
                new StreamInformation(id + "-0000000500", "blob", -1, cs, List.of(), List.of(), Map.of()),
                StreamHeader.of(name, id), events("old"));
        big.oldDocument = ObjectDocument.create(name, id, old);
        big.reset(store);
        big.oldHash = hash(store, name, old);
        assertThat(big.oldHash).isNotEqualTo(big.backupHash);
        return big;
    }

    static java.util.Iterator<Event> events(String variant) {
        return IntStream.range(0, BIG_EVENTS).mapToObj(v -> new Event("Tick", v, null, null, null, null,
                "{\"n\":" + v + ",\"variant\":\"" + variant + "\"}", "2024-01-01T00:00:00Z", Map.of())).iterator();
    }

    /** The stream identifiers with events files in the folder of {@code big}'s object name. */
    static java.util.Set<String> streamsOf(Path storeDir, Big big) throws IOException {
        Path folder = storeDir.resolve(big.objectName.toLowerCase(java.util.Locale.ROOT));
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.startsWith(".esb-tmp-"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .map(n -> big.chunked && n.matches(".*-\\d{10}-\\d{10}") ? n.substring(0, n.length() - 11) : n)
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    /** The streams the document of {@code big} names, active and terminated. */
    static java.util.Set<String> referenced(FileEventStore store, Big big) {
        ObjectDocument doc = store.readDocument(big.objectName, big.objectId).orElseThrow().document();
        java.util.Set<String> names = new java.util.HashSet<>();
        names.add(doc.active().streamIdentifier());
        doc.terminatedStreams().forEach(t -> names.add(t.streamIdentifier()));
        return names;
    }

    /** Deletes the streams of {@code big}'s object name that its document does not name. */
    static void purgeUnreferenced(FileEventStore store, Path storeDir, Big big) throws IOException {
        java.util.Set<String> keep = referenced(store, big);
        for (String sid : streamsOf(storeDir, big)) {
            if (!keep.contains(sid)) {
                store.deleteStream(big.objectName, sid);
            }
        }
    }

    /** The hash of the live aggregate's active stream, after checking it reads back whole and contiguous. */
    static String liveHash(FileEventStore store, Big big) {
        ObjectDocument doc = store.readDocument(big.objectName, big.objectId).orElseThrow().document();
        return hash(store, big.objectName, doc.active());
    }

    static String hash(FileEventStore store, String name, StreamInformation stream) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int expected = 0;
        try (EventCursor c = store.readEvents(name, stream, 0, Integer.MAX_VALUE)) {
            while (c.hasNext()) {
                Event e = c.next();
                assertThat(e.eventVersion()).as(stream.streamIdentifier() + " contiguous").isEqualTo(expected);
                expected++;
                md.update((e.eventType() + "|" + e.eventVersion() + "|" + e.payload() + "|" + e.timestamp() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(expected).as(stream.streamIdentifier() + " reads back whole")
                .isEqualTo(stream.currentStreamVersion() + 1).isEqualTo(BIG_EVENTS);
        return HexFormat.of().formatHex(md.digest());
    }

    // ---------------------------------------------------------------- helpers

    static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static long tempFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".esb-tmp-")).count();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A child JVM on the test class path whose output is collected by a thread; START is awaited. */
    static final class Child {
        final Process process;
        final StringBuffer out = new StringBuffer();
        final CountDownLatch started = new CountDownLatch(1);
        final Thread reader;

        private Child(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        out.append(line).append('\n');
                        if (line.equals("START")) {
                            started.countDown();
                        }
                    }
                } catch (IOException ignored) {
                    // the child was killed
                }
                started.countDown();
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Class<?> main, String... args) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), main.getName()));
            cmd.addAll(List.of(args));
            return new Child(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }

        void awaitStart() throws InterruptedException {
            assertThat(started.await(2, TimeUnit.MINUTES)).as("child started").isTrue();
            assertThat(process.isAlive() || output().contains("START")).as(output()).isTrue();
        }

        /** SIGKILL (destroyForcibly is SIGKILL on Linux) and wait for it to be gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("killed child exited").isTrue();
            reader.join(10_000);
        }

        String output() {
            return out.toString();
        }
    }
}
