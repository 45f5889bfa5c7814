package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.RetryPolicy;
import io.esbackup.blob.RetryingBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.StorageException;
import io.esbackup.error.TransientStorageException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.BlobEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import io.esbackup.testkit.Reliability;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Suite 3 of the reliability issue, "Faulty storage": the service over an event store and a backup provider
 * whose blob stores are {@code RetryingBlobStore(FaultyBlobStore(InMemoryBlobStore))}. Transient faults are
 * retried and every operation succeeds; permanent faults fail one stream with a clear message and leave
 * nothing half-written, listed or visible; writes cut off part-way leave nothing. Seeds are printed; the
 * trial counts scale with {@link Reliability}.
 */
class FaultyStorageTest {
    private static final String NAME = "Order";
    /** Enough attempts that 20% faults practically never exhaust them (0.2^12 per operation). */
    private static final RetryPolicy PATIENT = new RetryPolicy(12, Duration.ofMillis(10), Duration.ofSeconds(1));

    /** Permanent failures of one operation on the keys that contain a marker. */
    private static final class FailKeys extends ForwardingBlobStore {
        private final BlobOp op;
        private final String marker;
        private final Set<Throwable> thrown = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile boolean on = true;
        int failed;

        FailKeys(BlobStore delegate, BlobOp op, String marker) {
            super(delegate);
            this.op = op;
            this.marker = marker;
        }

        private void check(BlobOp called, String key) {
            if (on && called == op && key.contains(marker)) {
                synchronized (this) {
                    failed++;
                }
                String operation = (called == BlobOp.WRITE ? "writing" : "reading") + " blob " + key;
                StorageException e = new StorageException(operation,
                        new IOException("access denied (permanent, injected)"));
                thrown.add(e);
                throw e;
            }
        }

        /** Whether {@code e} is a failure this wrapper threw, not one of the code under test. */
        boolean threw(Throwable e) {
            return thrown.contains(e);
        }

        @Override
        public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
            check(BlobOp.WRITE, key);
            return super.write(key, condition, writer);
        }

        @Override
        public Optional<io.esbackup.blob.Blob> read(String key) {
            check(BlobOp.READ, key);
            return super.read(key);
        }
    }

    /** The stores and the service of one trial. */
    private static final class Rig {
        final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        final InMemoryBlobStore storeInner = new InMemoryBlobStore(clock);
        final InMemoryBlobStore backupInner = new InMemoryBlobStore(clock);
        final FaultyBlobStore storeFaults;
        final FaultyBlobStore backupFaults;
        final RetryingBlobStore storeBlobs;
        final RetryingBlobStore backupBlobs;
        final BlobEventStore store;
        final BlobBackupProvider provider;
        final BackupRestoreService service;

        Rig(long seed, UnaryOperator<BlobStore> storeWrap, UnaryOperator<BlobStore> backupWrap) {
            storeFaults = new FaultyBlobStore(storeWrap.apply(storeInner), seed);
            backupFaults = new FaultyBlobStore(backupWrap.apply(backupInner), seed + 1);
            storeBlobs = new RetryingBlobStore(storeFaults, PATIENT, d -> { }, new Random(seed + 2));
            backupBlobs = new RetryingBlobStore(backupFaults, PATIENT, d -> { }, new Random(seed + 3));
            store = new BlobEventStore(storeBlobs);
            provider = new BlobBackupProvider(backupBlobs);
            service = BackupRestoreService.builder(store, provider).clock(clock).unfinishedGrace(Duration.ZERO)
                    .build();
        }

        Rig(long seed) {
            this(seed, UnaryOperator.identity(), UnaryOperator.identity());
        }

        void transientFaults(double rate) {
            for (BlobOp op : BlobOp.values()) {
                storeFaults.failWithProbability(op, rate);
                backupFaults.failWithProbability(op, rate);
            }
        }

        List<String> createAggregates(int n) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = "o-" + i;
                ObjectDocument doc = Streams.create(store, NAME, id, 5 + 7 * i, i % 3 == 0 ? 4 : null, 2);
                if (i % 2 == 0) {
                    Streams.addTerminated(store, doc, "old" + i, 3);
                }
                ids.add(id);
            }
            return ids;
        }

        long operations() {
            long n = 0;
            for (BlobOp op : BlobOp.values()) {
                n += storeFaults.calls(op) + backupFaults.calls(op);
            }
            return n;
        }

        long retries() {
            return storeBlobs.retries() + backupBlobs.retries();
        }

        long givenUp() {
            return storeBlobs.givenUp() + backupBlobs.givenUp();
        }

        /** Every injected transient fault was either retried or ended a give-up. */
        long transientFaults() {
            return retries() + givenUp();
        }

        /** Nothing half-made: every listed backup validates, clean-up finds nothing unfinished, no stray key. */
        void assertNothingHalfWritten(int expectedBackups) {
            storeFaults.heal();
            backupFaults.heal();
            List<BackupHandle> listed = service.listBackups();
            assertThat(listed).hasSize(expectedBackups);
            for (BackupHandle h : listed) {
                assertThat(service.validateBackup(h).problems()).as("backup %s", h.backupId()).isEmpty();
            }
            clock.advance(Duration.ofSeconds(1));
            try (Stream<UnfinishedBackup> unfinished = provider.listUnfinished()) {
                assertThat(unfinished).as("unfinished backups left by the failures").isEmpty();
            }
            assertThat(service.cleanupExpiredBackups().unfinished()).isEmpty();
            Set<String> expectedKeys = new TreeSet<>();
            for (BackupHandle h : listed) {
                BackupLocation l = provider.locate(h.backupId()).orElseThrow();
                expectedKeys.add(BlobBackupProvider.archiveKey(l));
                expectedKeys.add(BlobBackupProvider.manifestKey(l));
                expectedKeys.add("backup-index/" + h.backupId());
            }
            try (Stream<BlobInfo> all = backupInner.list("")) {
                Set<String> keys = all.map(BlobInfo::key).collect(Collectors.toCollection(TreeSet::new));
                assertThat(keys).isEqualTo(expectedKeys);
            }
        }
    }

    @Test
    void withTwentyPercentTransientFaultsOnEveryOperationEverythingSucceedsAndRoundTripsExactly() {
        int trials = Reliability.trials(3);
        long operations = 0;
        long faults = 0;
        long retries = 0;
        for (int t = 0; t < trials; t++) {
            long seed = 5000 + t;
            Rig rig = new Rig(seed);
            rig.transientFaults(0.2);
            List<String> ids = rig.createAggregates(6);
            Map<String, ObjectDocument> originals = ids.stream()
                    .collect(Collectors.toMap(id -> id, id -> Streams.document(rig.store, NAME, id)));
            Map<String, List<Event>> events = ids.stream().collect(Collectors.toMap(id -> id,
                    id -> Streams.readAll(rig.store, NAME, originals.get(id).active())));

            List<BackupHandle> handles = new ArrayList<>();
            for (String id : ids.subList(0, 3)) {
                handles.add(rig.service.backupStream(NAME, id, BackupOptions.FULL));
            }
            BulkBackupResult bulk = rig.service.backupMany(ids.subList(3, ids.size()), NAME,
                    BulkBackupOptions.builder().backupOptions(BackupOptions.FULL).maxConcurrency(3).build());
            assertThat(bulk.failedBackups()).as("seed %d", seed).isEmpty();
            handles.addAll(bulk.successfulBackups());
            assertThat(rig.service.listBackups()).as("seed %d", seed).hasSize(ids.size());

            for (BackupHandle h : handles) {
                String id = h.objectId();
                assertThat(rig.service.validateBackup(h).problems()).as("seed %d, %s", seed, id).isEmpty();
                assertThat(h.eventCount()).isEqualTo(events.get(id).size());

                RestoreResult restored = rig.service.restoreStream(h, RestoreOptions.WITH_OVERWRITE);
                ObjectDocument live = Streams.document(rig.store, NAME, id);
                assertThat(restored.replacedStreamIdentifier()).isEqualTo(originals.get(id).active().streamIdentifier());
                assertThat(Streams.readAll(rig.store, NAME, live.active())).as("seed %d, %s", seed, id)
                        .isEqualTo(events.get(id));
                assertThat(live.active().currentStreamVersion())
                        .isEqualTo(originals.get(id).active().currentStreamVersion());
                assertThat(live.active().snapShots()).isEqualTo(originals.get(id).active().snapShots());
                assertThat(live.terminatedStreams().stream().map(ts -> ts.streamIdentifier()))
                        .containsAll(originals.get(id).terminatedStreams().stream()
                                .map(ts -> ts.streamIdentifier()).toList());

                rig.service.restoreToNewStream(h, id + "-clone");
                ObjectDocument clone = Streams.document(rig.store, NAME, id + "-clone");
                assertThat(Streams.readAll(rig.store, NAME, clone.active())).as("seed %d, clone of %s", seed, id)
                        .isEqualTo(events.get(id));
            }
            assertThat(rig.givenUp()).as("seed %d", seed).isZero();
            assertThat(rig.transientFaults()).as("seed %d", seed).isPositive();
            rig.assertNothingHalfWritten(ids.size());
            operations += rig.operations();
            faults += rig.transientFaults();
            retries += rig.retries();
        }
        System.out.printf("FaultyStorageTest transient: %d trials (seeds 5000..%d), %d storage operations, "
                + "%d transient faults injected, %d retries, 0 failures%n", trials, 5000 + trials - 1, operations,
                faults, retries);
    }

    @Test
    void aPermanentWriteFaultOnOneStreamsKeysFailsThatStreamOnlyAndLeavesNothingBehind() {
        int trials = Reliability.trials(2);
        long operations = 0;
        long faults = 0;
        for (int t = 0; t < trials; t++) {
            long seed = 6000 + t;
            FailKeys[] permanent = new FailKeys[1];
            Rig rig = new Rig(seed, UnaryOperator.identity(),
                    inner -> permanent[0] = new FailKeys(inner, BlobOp.WRITE, "/o-4/"));
            List<String> ids = rig.createAggregates(8);
            rig.transientFaults(0.2);

            BulkBackupResult result = rig.service.backupMany(ids, NAME, BulkBackupOptions.builder()
                    .backupOptions(BackupOptions.FULL).continueOnError(true).maxConcurrency(4).build());

            assertThat(result.successCount()).as("seed %d", seed).isEqualTo(ids.size() - 1);
            assertThat(result.failedBackups()).singleElement().satisfies(f -> {
                assertThat(f.objectId()).isEqualTo("o-4");
                assertThat(f.errorMessage()).contains("access denied").contains("/o-4/");
                assertThat(permanent[0].threw(f.exception())).as("the injected failure: %s", f.exception()).isTrue();
            });
            assertThat(rig.service.listBackups()).extracting(BackupHandle::objectId)
                    .doesNotContain("o-4").hasSize(ids.size() - 1);
            permanent[0].on = false;
            rig.assertNothingHalfWritten(ids.size() - 1);
            operations += rig.operations();
            faults += rig.transientFaults() + permanent[0].failed;
        }
        System.out.printf("FaultyStorageTest permanent (stream's keys): %d trials, %d storage operations, "
                + "%d faults injected (one stream failed each time)%n", trials, operations, faults);
    }

    @Test
    void aPermanentFaultAtTheNthWriteFailsThatBackupOnlyWhicheverStepItHits() {
        // One bulk run per write of a backup (id pointer, archive, manifest), one at a time so the Nth write
        // belongs to a known backup: the 4th stream's. Transient faults on top come from an outer wrapper.
        long operations = 0;
        for (int step = 1; step <= 3; step++) {
            long seed = 7000 + step;
            int n = 3 * 3 + step;
            FaultyBlobStore[] permanent = new FaultyBlobStore[1];
            Rig rig = new Rig(seed, UnaryOperator.identity(), inner -> permanent[0] = new FaultyBlobStore(inner, seed)
                    .failOnCall(BlobOp.WRITE, n)
                    .failWith(() -> new StorageException("writing a blob",
                            new IOException("quota exceeded (permanent, injected)"))));
            List<String> ids = rig.createAggregates(6);
            rig.transientFaults(0.2);

            BulkBackupResult result = rig.service.backupMany(ids, NAME, BulkBackupOptions.builder()
                    .backupOptions(BackupOptions.FULL).continueOnError(true).maxConcurrency(1).build());

            assertThat(result.failedBackups()).as("seed %d, write %d", seed, n).singleElement().satisfies(f -> {
                assertThat(f.objectId()).isEqualTo("o-3");
                assertThat(f.errorMessage()).contains("quota exceeded");
                Injected.assertInjected(permanent[0], f.exception(), "write " + n);
            });
            assertThat(result.successCount()).isEqualTo(ids.size() - 1);
            rig.assertNothingHalfWritten(ids.size() - 1);
            operations += rig.operations();
        }
        System.out.printf("FaultyStorageTest permanent (Nth write: pointer, archive, manifest): 3 runs, "
                + "%d storage operations, 3 permanent faults, each failing one backup of six%n", operations);
    }

    @Test
    void aPermanentReadFaultOnOneStreamInTheEventStoreFailsThatBackupOnly() {
        FailKeys[] permanent = new FailKeys[1];
        long seed = 8000;
        Rig rig = new Rig(seed, inner -> permanent[0] = new FailKeys(inner, BlobOp.READ, "o2-"),
                UnaryOperator.identity());
        permanent[0].on = false;
        List<String> ids = rig.createAggregates(5);
        permanent[0].on = true;
        rig.transientFaults(0.2);

        BulkBackupResult result = rig.service.backupMany(ids, NAME, BulkBackupOptions.builder()
                .backupOptions(BackupOptions.FULL).continueOnError(true).maxConcurrency(2).build());

        assertThat(result.failedBackups()).singleElement().satisfies(f -> {
            assertThat(f.objectId()).isEqualTo("o-2");
            assertThat(f.errorMessage()).contains("access denied").contains("o2-");
            assertThat(permanent[0].threw(f.exception())).as("the injected failure: %s", f.exception()).isTrue();
        });
        assertThat(result.successCount()).isEqualTo(ids.size() - 1);
        rig.assertNothingHalfWritten(ids.size() - 1);
        System.out.printf("FaultyStorageTest permanent (event store read): %d storage operations, %d faults "
                + "injected, one backup of five failed%n", rig.operations(), rig.transientFaults() + permanent[0].failed);
    }

    @Test
    void writesCutOffPartWayLeaveNothingVisible() {
        long seed = 9000;
        Rig rig = new Rig(seed);
        List<String> ids = rig.createAggregates(4);
        Map<String, ObjectDocument> before = ids.stream()
                .collect(Collectors.toMap(id -> id, id -> Streams.document(rig.store, NAME, id)));
        // Every write of more than 200 bytes is cut off, on every attempt: archives never make it.
        rig.backupFaults.cutOffWritesAfter(200);
        BulkBackupResult result = rig.service.backupMany(ids, NAME, BulkBackupOptions.builder()
                .backupOptions(BackupOptions.FULL).continueOnError(true).maxConcurrency(2).build());
        assertThat(result.successCount()).isZero();
        assertThat(result.failedBackups()).hasSize(ids.size()).allSatisfy(f -> {
            assertThat(f.errorMessage()).contains("failed after " + PATIENT.maxAttempts() + " attempts")
                    .contains("cut off after 200 bytes");
            // The retries' give-up, whose cause is the last cut-off the wrapper injected.
            assertThat(f.exception()).isInstanceOf(TransientStorageException.class);
            Injected.assertInjected(rig.backupFaults, f.exception(), "backup of " + f.objectId());
        });
        rig.assertNothingHalfWritten(0);

        // Healed but for one failed archive write per backup: the retry runs the archive writer again.
        BackupHandle handle = null;
        for (String id : ids) {
            rig.backupFaults.failOnCall(BlobOp.WRITE, rig.backupFaults.calls(BlobOp.WRITE) + 2);
            handle = rig.service.backupStream(NAME, id, BackupOptions.FULL);
        }
        rig.assertNothingHalfWritten(ids.size());

        // A restore with overwrite whose event store writes are cut off leaves the old aggregate whole.
        rig.storeFaults.cutOffWritesAfter(50);
        String id = handle.objectId();
        BackupHandle last = handle;
        Throwable cut = catchThrowable(() -> rig.service.restoreStream(last, RestoreOptions.WITH_OVERWRITE));
        Injected.assertInjected(rig.storeFaults, cut, "restore with cut-off writes");
        assertThat(cut).hasMessageContaining("cut off after 50 bytes");
        rig.storeFaults.heal();
        assertThat(Streams.document(rig.store, NAME, id)).isEqualTo(before.get(id));
        rig.service.restoreStream(last, RestoreOptions.WITH_OVERWRITE);
        System.out.printf("FaultyStorageTest cut-off writes: %d storage operations, %d cut-off or failed writes "
                + "retried, %d given up%n", rig.operations(), rig.retries(), rig.givenUp());
    }

    /** Commits the first write of a key {@code which} accepts, then fails as a lost reply would. */
    private static final class LostReply extends ForwardingBlobStore {
        private final java.util.function.Predicate<String> which;
        private boolean lost;

        LostReply(BlobStore delegate, java.util.function.Predicate<String> which) {
            super(delegate);
            this.which = which;
        }

        @Override
        public synchronized BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
            BlobInfo info = super.write(key, condition, writer);
            if (!lost && which.test(key)) {
                lost = true;
                throw new TransientStorageException("timed out waiting for the reply to " + key);
            }
            return info;
        }
    }

    @Test
    void aManifestWriteThatCommittedButLostItsReplyIsACommittedBackup() {
        Rig rig = new Rig(9100, UnaryOperator.identity(), inner -> new LostReply(inner, k -> k.endsWith(".meta")));
        rig.createAggregates(1);
        BackupHandle handle = rig.service.backupStream(NAME, "o-0", BackupOptions.FULL);
        assertThat(rig.backupBlobs.retries()).isEqualTo(1);
        rig.assertNothingHalfWritten(1);
        assertThat(rig.service.listBackups()).extracting(BackupHandle::backupId).containsExactly(handle.backupId());
    }

    @Test
    void anIdPointerWriteThatCommittedButLostItsReplyIsBackedUpUnderAnotherIdAndCleanupRemovesTheReservation() {
        // The retried pointer write finds the pointer its own first attempt wrote and cannot tell it from
        // another backup's: the backup takes another id rather than fail because of its own earlier write.
        Rig rig = new Rig(9200, UnaryOperator.identity(), inner -> new LostReply(inner, k -> k.startsWith("backup-index/")));
        rig.createAggregates(1);

        BackupHandle handle = rig.service.backupStream(NAME, "o-0", BackupOptions.FULL);

        assertThat(rig.backupBlobs.retries()).isEqualTo(1);
        assertThat(rig.service.listBackups()).extracting(BackupHandle::backupId).containsExactly(handle.backupId());
        assertThat(rig.service.validateBackup(handle).valid()).isTrue();
        rig.clock.advance(Duration.ofSeconds(1));
        assertThat(rig.service.cleanupExpiredBackups().unfinished()).singleElement()
                .satisfies(u -> assertThat(u.location().backupId()).isNotEqualTo(handle.backupId()));
        rig.assertNothingHalfWritten(1);
    }
}
