package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.FsyncLedger;
import io.esbackup.blob.GroupCommit;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.FaultyBlobStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batched copies (section 7c, "Group commit") where a batch fails in ways a kill at a write does not show. */
class GroupedCopyEdgeTest {
    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    private static final BackupOptions INCREMENTAL = BackupOptions.builder().incremental(true).build();

    final MutableClock clock = new MutableClock(START);
    final InMemoryEventStore store = new InMemoryEventStore();

    /**
     * A source whose read of one key waits until {@link #open} is called, and remembers the worker that read it.
     */
    static final class GatedSource extends ForwardingBlobStore {
        volatile String gatedKey;
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicReference<Thread> reader = new AtomicReference<>();

        GatedSource(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<Blob> read(String key) {
            if (key.equals(gatedKey) && Thread.currentThread().getName().startsWith("esbackup-bulk-")) {
                reader.set(Thread.currentThread());
                await(gate);
            }
            return super.read(key);
        }

        void open() {
            gate.countDown();
        }
    }

    /**
     * A destination whose first group cannot begin (the SPI allows begin to throw, GroupedRestoreEdgeTest): it
     * lets the source's gated read go, waits until that worker waits for a backup this worker holds, then throws.
     * Later groups begin, as a store's does, and defer nothing (memory is durable when a write returns).
     */
    static final class FirstGroupFails extends ForwardingBlobStore implements GroupCommit {
        static final IllegalStateException INJECTED = new IllegalStateException("injected: the first begin failed");
        final AtomicInteger begins = new AtomicInteger();
        final AtomicBoolean otherWaited = new AtomicBoolean();
        GatedSource source;

        FirstGroupFails(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public Group begin() {
            if (begins.incrementAndGet() == 1) {
                source.open();
                otherWaited.set(waitsInOnce(source, Duration.ofSeconds(20)));
                throw INJECTED;
            }
            return RestoreGroup.NO_GROUP;
        }
    }

    /** Whether the worker that made the gated read is parked in {@code once}, waiting for another's copy. */
    static boolean waitsInOnce(GatedSource source, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Thread t = source.reader.get();
            if (t != null && t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace())
                    .anyMatch(e -> e.getMethodName().equals("once") && e.getClassName().contains("BackupCopier"))) {
                return true;
            }
            sleep(5);
        }
        return false;
    }

    /**
     * Worker A holds root P in its group (64 backups) when its batch cannot begin; worker B meanwhile waits for P
     * as the parent of delta D. B must not go on as if P were at the destination: D is not copied without P, and
     * every backup has an outcome of its own (P's group fails with the injected failure, D with it too).
     */
    @Test
    void aBatchThatCannotBeginFailsItsBackupsAndAWorkerWaitingForOneAsAParentDoesNotCopyTheDelta() {
        GatedSource sourceBlobs = new GatedSource(new InMemoryBlobStore(clock));
        BackupRestoreService source = BackupRestoreService.builder(store, new BlobBackupProvider(sourceBlobs))
                .clock(clock).build();
        Streams.create(store, "Order", "c-1", 5, null);
        BackupHandle root = source.backupStream("Order", "c-1", INCREMENTAL);
        List<UUID> ids = new ArrayList<>();
        ids.add(root.backupId());
        for (int i = 0; i < BackupCopier.GROUP_SIZE - 1; i++) {
            Streams.create(store, "Order", "o-" + i, 1, null);
            ids.add(source.backupStream("Order", "o-" + i, BackupOptions.FULL).backupId());
        }
        append("c-1", 2);
        BackupHandle delta = source.backupStream("Order", "c-1", INCREMENTAL);
        assertThat(delta.parentBackupId()).isEqualTo(root.backupId().toString());
        ids.add(delta.backupId());
        // The delta's worker (second group) looks it up by id; that read waits until the first group's batch begins.
        sourceBlobs.gatedKey = BlobBackupProvider.indexKey(delta.backupId());

        FirstGroupFails destinationBlobs = new FirstGroupFails(new InMemoryBlobStore(clock));
        destinationBlobs.source = sourceBlobs;
        BackupRestoreService destination = BackupRestoreService.builder(new InMemoryEventStore(),
                new BlobBackupProvider(destinationBlobs)).clock(clock).build();

        CopyReport report = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> source.copyTo(
                new BlobBackupProvider(destinationBlobs), ids, CopyOptions.builder().maxConcurrency(2).build()));

        assertThat(destinationBlobs.otherWaited).as("the delta's worker waited for the root's group").isTrue();
        assertThat(destination.getBackup(root.backupId())).as("the root: its batch never began").isEmpty();
        assertThat(destination.getBackup(delta.backupId())).as("a delta without its parent").isEmpty();
        assertThat(report.copied()).isZero();
        assertThat(report.processed()).isEqualTo(ids.size());
        assertThat(report.failed()).isEqualTo(ids.size());
        assertThat(report.failures()).allSatisfy(f -> assertThat(f.exception()).isSameAs(FirstGroupFails.INJECTED));
    }

    @TempDir
    Path dir;

    /**
     * A batch whose first commit fails (a write-back error: nothing of its files is known to be on disk) leaves its
     * pointers and archives published but not durable. The next copy finds them, checks their bytes (read from the
     * page cache) and writes the manifests: it reports each backup copied only once what its manifest names is
     * durable too, pointer and archive, not just the manifest it wrote itself (a platform without {@code sync -f},
     * where a commit fsyncs the files it names).
     */
    @Test
    void aCopyThatFinishesTheImportsOfAFailedBatchMakesTheirArchivesAndPointersDurable() {
        BackupRestoreService source = memorySource();
        List<BackupHandle> handles = threeFullBackups(source);
        FsyncLedger ledger = new FsyncLedger();
        Path root = dir.resolve("dr");
        IOException writeBack = new IOException("injected: write-back error");
        ledger.failNextCommit(writeBack);
        CopyOptions one = CopyOptions.builder().maxConcurrency(1).build();

        CopyReport failed = source.copyTo(new BlobBackupProvider(ledger.open(root)), BackupQuery.builder().build(), one);
        assertThat(failed.failed()).isEqualTo(handles.size());
        assertThat(failed.failures()).allSatisfy(f -> assertThat(f.exception()).hasCause(writeBack));

        CopyReport again = source.copyTo(new BlobBackupProvider(ledger.open(root)), BackupQuery.builder().build(), one);
        assertThat(again.copied()).isEqualTo(handles.size());
        for (BackupHandle h : handles) {
            BackupLocation at = BackupLocation.of(h.manifest());
            assertThat(ledger.durable(root.resolve(BlobBackupProvider.manifestKey(at)))).as("manifest").isTrue();
            assertThat(ledger.durable(root.resolve(BlobBackupProvider.archiveKey(at))))
                    .as("archive of %s, reported copied", h.backupId()).isTrue();
            assertThat(ledger.durable(root.resolve(BlobBackupProvider.indexKey(h.backupId()))))
                    .as("id pointer of %s, reported copied", h.backupId()).isTrue();
        }
    }

    /** The control of the two tests above: a batched copy that nothing interrupts leaves every file it wrote durable. */
    @Test
    void anUninterruptedBatchedCopyLeavesEveryFileDurableInTheLedger() {
        BackupRestoreService source = memorySource();
        List<BackupHandle> handles = threeFullBackups(source);
        FsyncLedger ledger = new FsyncLedger();
        Path root = dir.resolve("dr");
        CopyReport report = source.copyTo(new BlobBackupProvider(ledger.open(root)), BackupQuery.builder().build(),
                CopyOptions.builder().maxConcurrency(1).build());
        assertThat(report.copied()).isEqualTo(handles.size());
        for (BackupHandle h : handles) {
            BackupLocation at = BackupLocation.of(h.manifest());
            for (String key : List.of(BlobBackupProvider.indexKey(h.backupId()), BlobBackupProvider.archiveKey(at),
                    BlobBackupProvider.manifestKey(at))) {
                assertThat(ledger.durable(root.resolve(key))).as(key).isTrue();
            }
        }
    }

    /**
     * A batch whose second commit fails (a write-back error) fails its backups, as ARCHITECTURE.md section 7c says:
     * "the next copy finds them there and checks them". It must not report them done (skipped, the copy complete)
     * while their manifests are not known to be durable.
     */
    @Test
    void aCopyAfterABatchWhoseManifestsCommitFailedDoesNotReportItCompleteWithTheManifestsNotDurable() {
        BackupRestoreService source = memorySource();
        List<BackupHandle> handles = threeFullBackups(source);
        FsyncLedger ledger = new FsyncLedger();
        Path root = dir.resolve("dr");
        IOException writeBack = new IOException("injected: write-back error");
        ledger.failCommitAfter(1, writeBack);
        CopyOptions one = CopyOptions.builder().maxConcurrency(1).build();

        CopyReport failed = source.copyTo(new BlobBackupProvider(ledger.open(root)), BackupQuery.builder().build(), one);
        assertThat(failed.failed()).isEqualTo(handles.size());
        assertThat(failed.failures()).allSatisfy(f -> assertThat(f.exception()).hasCause(writeBack));

        CopyReport again = source.copyTo(new BlobBackupProvider(ledger.open(root)), BackupQuery.builder().build(), one);
        assertThat(again.isComplete()).isTrue();
        assertThat(again.copied()).as("the manifests written again").isEqualTo(handles.size());
        for (BackupHandle h : handles) {
            BackupLocation at = BackupLocation.of(h.manifest());
            assertThat(ledger.durable(root.resolve(BlobBackupProvider.manifestKey(at))))
                    .as("manifest of %s, the copy reported complete", h.backupId()).isTrue();
        }
    }

    /**
     * A batched copy killed before its first commit, then a power cut that keeps the names of the pointers and
     * archives it wrote but not their content (GroupCommit allows it): ARCHITECTURE.md section 7c says what is left
     * is an interrupted import, which the next copy finishes.
     */
    @Test
    void theNextCopyFinishesABatchWhoseArchivesACrashLeftEmpty() {
        BackupRestoreService source = BackupRestoreService.builder(store,
                new BlobBackupProvider(new InMemoryBlobStore(clock))).clock(clock).build();
        int backups = 3;
        for (int i = 0; i < backups; i++) {
            Streams.create(store, "Order", "o-" + i, 2 + i, null);
            source.backupStream("Order", "o-" + i, BackupOptions.FULL);
        }
        FaultyBlobStore faults = new FaultyBlobStore(new InMemoryBlobStore(clock), 5);
        CrashableBlobStore disk = new CrashableBlobStore(faults);
        BackupRestoreService destination = BackupRestoreService.builder(new InMemoryEventStore(),
                new BlobBackupProvider(disk)).clock(clock).build();
        CopyOptions one = CopyOptions.builder().maxConcurrency(1).build();
        // Pointer and archive of each, then the first commit: killed there.
        KilledRuns.kill(faults, 2 * backups + 1);

        CopyReport killed = source.copyTo(new BlobBackupProvider(disk), BackupQuery.builder().build(), one);
        assertThat(killed.failed()).isEqualTo(backups);
        killed.failures().forEach(f -> Injected.assertInjected(faults, f.exception(), "killed at the first commit"));
        faults.heal();
        assertThat(disk.crashKeepingNames()).as("pointers and archives left empty").isEqualTo(2 * backups);

        CopyReport again = source.copyTo(new BlobBackupProvider(disk), BackupQuery.builder().build(), one);

        assertThat(again.failures()).isEmpty();
        assertThat(again.copied()).isEqualTo(backups);
        try (Stream<ValidationReport> reports = destination.validateAll()) {
            assertThat(reports.toList()).hasSize(backups).allSatisfy(r -> assertThat(r.problems()).isEmpty());
        }
    }

    /**
     * While a batch writes an archive a clean-up takes the import's id pointer (a stale reservation, the archive not
     * there yet) and the batch puts it back before the manifest, as one by one. One by one the pointer is durable
     * before the manifest is written; in a batch it must be too: a crash before the manifests' commit that keeps the
     * manifest and loses the pointer would leave a backup that lists and cannot be found by id, and that no later
     * copy mends (it finds the backup there).
     */
    @Test
    void aPointerPutBackInABatchIsDurableBeforeTheManifestThatNeedsIt() {
        BackupRestoreService source = BackupRestoreService.builder(store,
                new BlobBackupProvider(new InMemoryBlobStore(clock))).clock(clock).build();
        Streams.create(store, "Order", "o-1", 3, null);
        BackupHandle h = source.backupStream("Order", "o-1", BackupOptions.FULL);
        BackupLocation at = BackupLocation.of(h.manifest());
        String pointer = BlobBackupProvider.indexKey(h.backupId());
        RuntimeException killed = new IllegalStateException("injected: killed at the manifests' commit");
        java.util.concurrent.atomic.AtomicBoolean dead = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean killedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        BlobStore below = new ForwardingBlobStore(new InMemoryBlobStore(clock)) {
            boolean manifestWritten;

            @Override
            public io.esbackup.blob.BlobInfo write(String key, io.esbackup.blob.WriteCondition condition,
                                                   io.esbackup.blob.BlobWriter writer) {
                if (key.equals(BlobBackupProvider.archiveKey(at))) {
                    // The archive takes long; a clean-up meanwhile takes the reservation, the archive not yet there.
                    clock.advance(Duration.ofHours(2));
                    delegate().delete(pointer);
                }
                if (key.equals(BlobBackupProvider.manifestKey(at))) {
                    manifestWritten = true;
                }
                if (key.equals(CrashableBlobStore.COMMIT_KEY) && manifestWritten && !killedOnce.getAndSet(true)) {
                    dead.set(true);
                    throw killed;
                }
                return super.write(key, condition, writer);
            }

            @Override
            public boolean delete(String key) {
                if (dead.get()) {
                    throw killed; // the process is gone: it takes nothing back
                }
                return super.delete(key);
            }
        };
        CrashableBlobStore disk = new CrashableBlobStore(below);
        BackupRestoreService destination = BackupRestoreService.builder(new InMemoryEventStore(),
                new BlobBackupProvider(disk, clock)).clock(clock).build();

        CopyReport cut = source.copyTo(new BlobBackupProvider(disk, clock), BackupQuery.builder().build(),
                CopyOptions.builder().maxConcurrency(1).build());
        assertThat(cut.failures()).singleElement().satisfies(f -> assertThat(f.exception()).isSameAs(killed));
        disk.crashLosing(key -> key.startsWith("backup-index/"));
        dead.set(false); // the machine is back; the next copy is a new process

        assertThat(below.stat(BlobBackupProvider.manifestKey(at))).as("the manifest, kept by the crash").isPresent();
        assertThat(below.stat(pointer)).as("the id pointer of a backup whose manifest is there").isPresent();
        CopyReport again = source.copyTo(new BlobBackupProvider(disk, clock), BackupQuery.builder().build(),
                CopyOptions.DEFAULT);
        assertThat(again.failures()).isEmpty();
        try (Stream<ValidationReport> reports = destination.validateAll()) {
            assertThat(reports.toList()).singleElement().satisfies(r -> {
                assertThat(r.problems()).isEmpty();
                assertThat(r.warnings()).isEmpty();
            });
        }
    }

    /**
     * Two copies into one folder at once: "each finds the other's work and checks it" (section 7c). Copy A's batch
     * writes pointers and archives, and its first commit fails (not necessarily a write-back error: an interrupted
     * {@code sync -f} fails it too). Copy B has meanwhile found them there, with the right bytes, committed them in
     * a group of its own and written the manifests: B reports the backups copied. A's withdrawal must not then take
     * away the archives and pointers of backups another copy has committed and reported.
     */
    @Test
    void aFailedFirstCommitTakesNothingBackThatAnotherCopyHasCommittedABackupOn() {
        BackupRestoreService source = memorySource();
        List<BackupHandle> handles = threeFullBackups(source);
        FsyncLedger ledger = new FsyncLedger();
        Path root = dir.resolve("dr");
        IOException failure = new IOException("injected: the first commit failed");
        ledger.failNextCommit(failure);
        CopyOptions one = CopyOptions.builder().maxConcurrency(1).build();
        AtomicReference<CopyReport> other = new AtomicReference<>();
        Runnable copyB = anotherCopy(source, root, one, other);
        BlobStore copyA = new ForwardingBlobStore(ledger.open(root)) {
            @Override
            public Optional<io.esbackup.blob.BlobInfo> stat(String key) {
                if (key.endsWith(".meta") && other.get() == null) {
                    // Copy B, another process, ran while A's commit was failing: it is done before A looks whether
                    // a backup was committed on what it wrote. (B running between that look and A's deletion is the
                    // window section 7c says is left.)
                    copyB.run();
                }
                return super.stat(key);
            }

            @Override
            public boolean delete(String key) {
                if (other.get() == null) {
                    // A withdrawal that does not look first: B has run by its first deletion all the same.
                    copyB.run();
                }
                return super.delete(key);
            }
        };

        CopyReport a = source.copyTo(new BlobBackupProvider(copyA), BackupQuery.builder().build(), one);

        assertThat(a.failures()).hasSize(handles.size())
                .allSatisfy(f -> assertThat(f.exception()).hasCause(failure));
        assertThat(other.get()).as("copy B ran").isNotNull();
        assertThat(other.get().copied()).as("copy B reports each backup copied").isEqualTo(handles.size());
        assertReportedCopiesAreWhole(root, handles);
    }

    /**
     * The same for the manifests: copy A's second commit fails; copy B meanwhile finds each manifest there and
     * reports the backup skipped. A still takes its manifests back: after a failed commit they are not known to be on
     * disk, and B's look at them could not tell (section 7c, "Failed commits"). What that leaves is a backup B
     * counted that is not there, never one that is there and broken: its pointer and archive are durable since A's
     * first commit, and the next copy writes the manifest again.
     */
    @Test
    void aFailedSecondCommitTakesItsManifestsBackEvenUnderAnotherCopyAndTheNextCopyPutsThemBack() {
        BackupRestoreService source = memorySource();
        List<BackupHandle> handles = threeFullBackups(source);
        FsyncLedger ledger = new FsyncLedger();
        Path root = dir.resolve("dr");
        IOException failure = new IOException("injected: the second commit failed");
        ledger.failCommitAfter(1, failure);
        CopyOptions one = CopyOptions.builder().maxConcurrency(1).build();
        AtomicReference<CopyReport> other = new AtomicReference<>();
        Runnable copyB = anotherCopy(source, root, one, other);
        BlobStore copyA = new ForwardingBlobStore(ledger.open(root)) {
            @Override
            public boolean delete(String key) {
                if (other.get() == null) {
                    copyB.run();
                }
                return super.delete(key);
            }
        };

        CopyReport a = source.copyTo(new BlobBackupProvider(copyA), BackupQuery.builder().build(), one);

        assertThat(a.failures()).hasSize(handles.size())
                .allSatisfy(f -> assertThat(f.exception()).hasCause(failure));
        assertThat(other.get()).as("copy B ran").isNotNull();
        assertThat(other.get().skipped()).as("B found A's manifests").isEqualTo(handles.size());
        for (BackupHandle h : handles) {
            assertThat(root.resolve(BlobBackupProvider.manifestKey(BackupLocation.of(h.manifest()))))
                    .as("taken back by A").doesNotExist();
        }

        CopyReport next = source.copyTo(new BlobBackupProvider(ledger.open(root)), BackupQuery.builder().build(), one);

        assertThat(next.failures()).isEmpty();
        assertThat(next.copied()).isEqualTo(handles.size());
        assertReportedCopiesAreWhole(root, handles);
        for (BackupHandle h : handles) {
            assertThat(ledger.durable(root.resolve(BlobBackupProvider.manifestKey(BackupLocation.of(h.manifest())))))
                    .as("manifest of %s", h.backupId()).isTrue();
        }
    }

    /**
     * A batched copy killed after writing its manifests and before their commit leaves them in memory only; the next
     * copy finds them there and counts the backups skipped. It makes them durable first (they are young), so that a
     * power cut after it cannot take back backups it reported there.
     */
    @Test
    void aCopyThatFindsTheManifestsOfAKilledBatchMakesThemDurableBeforeCountingThem() {
        BackupRestoreService source = memorySource();
        List<BackupHandle> handles = threeFullBackups(source);
        FsyncLedger ledger = new FsyncLedger();
        Path root = dir.resolve("dr");
        IOException killed = new IOException("injected: killed before the manifests' commit");
        ledger.failCommitAfter(1, killed);
        CopyOptions one = CopyOptions.builder().maxConcurrency(1).build();
        BlobStore dying = new ForwardingBlobStore(ledger.open(root)) {
            @Override
            public boolean delete(String key) {
                throw new IllegalStateException("injected: the process is gone, it takes nothing back");
            }
        };
        CopyReport cut = source.copyTo(new BlobBackupProvider(dying), BackupQuery.builder().build(), one);
        assertThat(cut.failures()).hasSize(handles.size()).allSatisfy(f -> assertThat(f.exception()).hasCause(killed));
        for (BackupHandle h : handles) {
            assertThat(ledger.durable(root.resolve(BlobBackupProvider.manifestKey(BackupLocation.of(h.manifest())))))
                    .as("left in memory").isFalse();
        }

        CopyReport next = source.copyTo(new BlobBackupProvider(ledger.open(root)), BackupQuery.builder().build(), one);

        assertThat(next.failures()).isEmpty();
        assertThat(next.skipped()).isEqualTo(handles.size());
        for (BackupHandle h : handles) {
            BackupLocation at = BackupLocation.of(h.manifest());
            for (String key : List.of(BlobBackupProvider.manifestKey(at), BlobBackupProvider.archiveKey(at),
                    BlobBackupProvider.indexKey(h.backupId()))) {
                assertThat(ledger.durable(root.resolve(key))).as("%s, counted there", key).isTrue();
            }
        }
    }

    /**
     * Two copies into one folder at once: copy B finds the pointers and archives copy A's batch committed, and writes
     * the manifests before A does. A then finds each manifest there, the same: the backup is counted copied once, by
     * B, and skipped by A (as one by one, where an import that finds the manifest there says it was there already).
     */
    @Test
    void aBackupAnotherCopyFinishedWhileThisBatchWroteItIsCountedCopiedOnce() {
        BackupRestoreService source = memorySource();
        List<BackupHandle> handles = threeFullBackups(source);
        Path root = dir.resolve("dr");
        CopyOptions one = CopyOptions.builder().maxConcurrency(1).build();
        AtomicReference<CopyReport> other = new AtomicReference<>();
        Runnable copyB = anotherCopy(source, root, one, other);
        BlobStore copyA = new ForwardingBlobStore(new io.esbackup.blob.LocalBlobStore(root)) {
            @Override
            public io.esbackup.blob.BlobInfo write(String key, io.esbackup.blob.WriteCondition condition,
                                                   io.esbackup.blob.BlobWriter writer) {
                if (key.endsWith(".meta") && other.get() == null) {
                    copyB.run();
                }
                return super.write(key, condition, writer);
            }
        };

        CopyReport a = source.copyTo(new BlobBackupProvider(copyA), BackupQuery.builder().build(), one);

        assertThat(other.get()).as("copy B ran").isNotNull();
        assertThat(a.failures()).isEmpty();
        assertThat(other.get().failures()).isEmpty();
        assertThat(other.get().copied()).as("B wrote the manifests").isEqualTo(handles.size());
        assertThat(a.copied()).as("A found them there").isZero();
        assertThat(a.skipped()).isEqualTo(handles.size());
        assertReportedCopiesAreWhole(root, handles);
    }

    /** Copy B: another process copying the same source into {@code root}, run once, its report kept. */
    static Runnable anotherCopy(BackupRestoreService source, Path root, CopyOptions options,
                                AtomicReference<CopyReport> report) {
        return () -> {
            if (report.get() == null) {
                report.set(source.copyTo(new BlobBackupProvider(new io.esbackup.blob.LocalBlobStore(root)),
                        BackupQuery.builder().build(), options));
            }
        };
    }

    BackupRestoreService memorySource() {
        return BackupRestoreService.builder(store, new BlobBackupProvider(new InMemoryBlobStore(clock))).clock(clock)
                .build();
    }

    /** Full backups of o-0, o-1 and o-2, of 2, 3 and 4 events. */
    List<BackupHandle> threeFullBackups(BackupRestoreService source) {
        List<BackupHandle> handles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Streams.create(store, "Order", "o-" + i, 2 + i, null);
            handles.add(source.backupStream("Order", "o-" + i, BackupOptions.FULL));
        }
        return handles;
    }

    private void assertReportedCopiesAreWhole(Path root, List<BackupHandle> handles) {
        for (BackupHandle h : handles) {
            BackupLocation at = BackupLocation.of(h.manifest());
            for (String key : List.of(BlobBackupProvider.indexKey(h.backupId()), BlobBackupProvider.archiveKey(at),
                    BlobBackupProvider.manifestKey(at))) {
                assertThat(root.resolve(key)).as("%s of a backup another copy reported there", key).exists();
            }
        }
        BackupRestoreService dr = BackupRestoreService.builder(new InMemoryEventStore(),
                new BlobBackupProvider(new io.esbackup.blob.LocalBlobStore(root))).clock(clock).build();
        try (Stream<ValidationReport> reports = dr.validateAll()) {
            assertThat(reports.toList()).hasSize(handles.size()).allSatisfy(r -> assertThat(r.problems()).isEmpty());
        }
    }

    void append(String id, int count) {
        ObjectDocument doc = Streams.document(store, "Order", id);
        StreamInformation s = store.appendEvents("Order", doc.active(), StreamHeader.of("Order", id),
                Streams.events(doc.active().currentStreamVersion() + 1, count));
        store.writeDocument(doc.withActive(s), store.readDocument("Order", id).orElseThrow().etag());
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the gate was never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
