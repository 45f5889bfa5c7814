package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.error.StreamNotFoundException;
import io.esbackup.store.EventStore;
import io.esbackup.store.FileEventStore;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an {@link OperationListener} is told: every operation of the service starts once and ends once, named and
 * counted as what it did, bulk runs report their items and their progress, and a listener that throws changes
 * nothing about the operation.
 */
class OperationListenerTest {
    private static final String NAME = "Order";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final InMemoryBlobStore backupBlobs = new InMemoryBlobStore(clock);
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final Recorder recorder = new Recorder();
    private final BackupRestoreService service = serviceOver(store, recorder);

    private BackupRestoreService serviceOver(EventStore events, OperationListener... listeners) {
        BackupRestoreServiceBuilder b = BackupRestoreService.builder(events, new BlobBackupProvider(backupBlobs))
                .clock(clock);
        for (OperationListener l : listeners) {
            b.listener(l);
        }
        return b.build();
    }

    @Test
    void aBackupIsOneOperationWithItsEventsAndStoredBytes() {
        Streams.create(store, NAME, "order-1", 7, null);

        BackupHandle handle = service.backupStream(NAME, "order-1");

        Ended ended = recorder.only(OperationType.BACKUP);
        assertThat(ended.operation().kind()).isEqualTo("full");
        assertThat(ended.operation().objectName()).isEqualTo(NAME);
        assertThat(ended.operation().objectId()).isEqualTo("order-1");
        assertThat(ended.outcome()).isEqualTo(new OperationOutcome(7, handle.sizeBytes(), 1, 0));
        assertThat(handle.sizeBytes()).isPositive();
        recorder.assertEachStartedEndedOnce();
    }

    @Test
    void oneListenerOfTwoServicesTellsTheirOperationsApart() {
        Streams.create(store, NAME, "order-1", 2, null);
        Streams.create(store, NAME, "order-2", 3, null);
        // The second service's backup runs while the first's is in flight, as it would on another thread.
        BackupRestoreService second = serviceOver(store, recorder);
        BackupRestoreService first = serviceOver(store, recorder, new OperationListener() {
            @Override
            public void started(Operation operation) {
                second.backupStream(NAME, "order-2");
            }
        });

        first.backupStream(NAME, "order-1");

        recorder.assertEachStartedEndedOnce();
        assertThat(recorder.ended).extracting(e -> e.operation().objectId()).containsExactly("order-2", "order-1");
    }

    @Test
    void aFailedBackupIsToldTheErrorItsCallerGets() {
        Throwable thrown = catchThrowable(() -> service.backupStream(NAME, "missing"));

        assertThat(thrown).isInstanceOf(StreamNotFoundException.class);
        Ended ended = recorder.only(OperationType.BACKUP);
        assertThat(ended.error()).isSameAs(thrown);
        assertThat(ended.outcome()).isNull();
        recorder.assertEachStartedEndedOnce();
    }

    @Test
    void anUnchangedIncrementalBackupWroteNothing() {
        Streams.create(store, NAME, "order-1", 3, null);
        BackupOptions incremental = BackupOptions.builder().incremental(true).build();
        service.backupStream(NAME, "order-1", incremental);
        clock.advance(Duration.ofMinutes(1));

        BackupHandle again = service.backupStream(NAME, "order-1", incremental);

        assertThat(again.unchanged()).isTrue();
        List<Ended> backups = recorder.ended(OperationType.BACKUP);
        assertThat(backups).extracting(e -> e.operation().kind()).containsExactly("incremental", "incremental");
        assertThat(backups.get(0).outcome().events()).isEqualTo(3);
        assertThat(backups.get(1).outcome()).isEqualTo(new OperationOutcome(0, 0, 1, 0));
    }

    @Test
    void restoresAndClonesAreNamedForTheAggregateTheyWrite() {
        Streams.create(store, NAME, "order-1", 5, null);
        BackupHandle handle = service.backupStream(NAME, "order-1");

        service.restoreStream(handle, RestoreOptions.WITH_OVERWRITE);
        service.restoreToNewStream(handle, "order-1-copy");

        List<Ended> restores = recorder.ended(OperationType.RESTORE);
        assertThat(restores).extracting(e -> e.operation().kind()).containsExactly("restore", "clone");
        assertThat(restores).extracting(e -> e.operation().objectId()).containsExactly("order-1", "order-1-copy");
        assertThat(restores).extracting(Ended::outcome).containsOnly(new OperationOutcome(5, handle.sizeBytes(), 1, 0));
        recorder.assertEachStartedEndedOnce();
    }

    @Test
    void aCleanUpCountsTheBackupsItRemoved() {
        Streams.create(store, NAME, "order-1", 2, null);
        Streams.create(store, NAME, "order-2", 2, null);
        BackupOptions shortLived = BackupOptions.builder().retention(Duration.ofHours(1)).build();
        service.backupStream(NAME, "order-1", shortLived);
        service.backupStream(NAME, "order-2", shortLived);
        service.backupStream(NAME, "order-2"); // kept: no retention
        clock.advance(Duration.ofHours(2));

        service.cleanupExpiredBackups(true);
        CleanupReport report = service.cleanupExpiredBackups();

        List<Ended> cleanups = recorder.ended(OperationType.CLEANUP);
        assertThat(cleanups).extracting(e -> e.operation().kind()).containsExactly("dry-run", "cleanup");
        assertThat(report.deletedCount()).isEqualTo(2);
        assertThat(cleanups).extracting(e -> e.outcome().items()).containsExactly(2L, 2L);
    }

    @Test
    void aForgetCountsTheBackupsItRemovedOrWould() {
        Streams.create(store, NAME, "order-1", 2, null);
        for (int i = 0; i < 3; i++) {
            service.backupStream(NAME, "order-1");
            clock.advance(Duration.ofHours(1));
        }
        BackupQuery selection = BackupQuery.builder().objectName(NAME).objectId("order-1").build();
        RetentionPolicy lastOne = RetentionPolicy.builder().keepLast(1).build();

        service.forget(selection, lastOne, true);
        ForgetReport report = service.forget(selection, lastOne, false);

        List<Ended> forgets = recorder.ended(OperationType.FORGET);
        assertThat(report.removedCount()).isEqualTo(2);
        assertThat(forgets).extracting(e -> e.operation().kind()).containsExactly("dry-run", "forget");
        assertThat(forgets).extracting(e -> e.operation().objectId()).containsOnly("order-1");
        assertThat(forgets).extracting(Ended::outcome).containsExactly(new OperationOutcome(0, 0, 2, 0),
                new OperationOutcome(0, 0, 2, 0));
        recorder.assertEachStartedEndedOnce();
    }

    @Test
    void aForgetWhoseDeletionFailsIsToldOnceWithTheFailureCountedAndNotAsRemoved() {
        FaultyBlobStore faults = new FaultyBlobStore(backupBlobs);
        BackupRestoreService faulty = BackupRestoreService.builder(store, new BlobBackupProvider(faults))
                .clock(clock).listener(recorder).build();
        Streams.create(store, NAME, "order-1", 2, null);
        for (int i = 0; i < 4; i++) {
            faulty.backupStream(NAME, "order-1");
            clock.advance(Duration.ofHours(1));
        }
        // A backup is deleted manifest, archive, pointer: call 4 is the second removed backup's manifest.
        faults.failOnCall(BlobOp.DELETE, faults.calls(BlobOp.DELETE) + 4);

        ForgetReport report = faulty.forget(BackupQuery.builder().objectName(NAME).build(),
                RetentionPolicy.builder().keepLast(1).build(), false);

        assertThat(report.failures()).hasSize(1);
        Injected.assertInjected(faults, report.failures().get(0).exception(), "the failed deletion");
        assertThat(report.removedCount()).isEqualTo(2);
        Ended forget = recorder.only(OperationType.FORGET);
        assertThat(forget.operation().objectName()).isEqualTo(NAME);
        assertThat(forget.operation().objectId()).isNull();
        assertThat(forget.outcome()).isEqualTo(new OperationOutcome(0, 0, 2, 1));
        recorder.assertEachStartedEndedOnce();
    }

    @Test
    void aRepairCountsThePointersItWroteOrWould() {
        Streams.create(store, NAME, "order-1", 2, null);
        Streams.create(store, NAME, "order-2", 2, null);
        BackupHandle one = service.backupStream(NAME, "order-1");
        BackupHandle two = service.backupStream(NAME, "order-2");
        // Both pointers gone, as in a copy of backups/ alone.
        backupBlobs.delete(BlobBackupProvider.indexKey(one.backupId()));
        backupBlobs.delete(BlobBackupProvider.indexKey(two.backupId()));

        service.repair(true);
        RepairReport report = service.repair(false);

        assertThat(report.recreated()).isEqualTo(2);
        List<Ended> repairs = recorder.ended(OperationType.REPAIR);
        assertThat(repairs).extracting(e -> e.operation().kind()).containsExactly("dry-run", "repair");
        assertThat(repairs).extracting(Ended::outcome).containsExactly(new OperationOutcome(0, 0, 2, 0),
                new OperationOutcome(0, 0, 2, 0));
        recorder.assertEachStartedEndedOnce();
    }

    @Test
    void aShredIsOneOperationOfItsAggregateThatSaysWhetherAKeyWasDestroyed() {
        DataKeys keys = new BlobBackupProvider(backupBlobs).capability(DataKeys.class).orElseThrow();
        keys.create(NAME, "order-1", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(service.shred(NAME, "order-1")).isTrue();
        assertThat(service.shred(NAME, "order-1")).isFalse();

        List<Ended> shreds = recorder.ended(OperationType.SHRED);
        assertThat(shreds).extracting(e -> e.operation().objectId()).containsExactly("order-1", "order-1");
        assertThat(shreds).extracting(e -> e.outcome().items()).containsExactly(1L, 0L);
        recorder.assertEachStartedEndedOnce();
    }

    @Test
    void aBulkBackupReportsEachItemAndItsProgress() {
        Streams.create(store, NAME, "order-1", 4, null);
        Streams.create(store, NAME, "order-3", 6, null);

        BulkBackupResult result = service.backupMany(List.of("order-1", "order-2", "order-3"), NAME,
                BulkBackupOptions.builder().continueOnError(true).maxConcurrency(2).build());

        Ended bulk = recorder.only(OperationType.BULK_BACKUP);
        assertThat(bulk.operation().kind()).isEqualTo("full");
        assertThat(bulk.outcome()).isEqualTo(new OperationOutcome(0, 0, 2, 1));
        assertThat(result.successCount()).isEqualTo(2);
        List<Ended> items = recorder.ended(OperationType.BACKUP);
        assertThat(items).hasSize(3);
        assertThat(items).filteredOn(e -> e.error() != null).singleElement().satisfies(e -> {
            assertThat(e.operation().objectId()).isEqualTo("order-2");
            assertThat(e.error()).isInstanceOf(StreamNotFoundException.class);
        });
        assertThat(items).filteredOn(e -> e.outcome() != null).extracting(e -> e.outcome().events())
                .containsExactlyInAnyOrder(4L, 6L);
        assertThat(recorder.progress(bulk.operation())).containsExactly("1/3", "2/3", "3/3");
        assertThat(recorder.failedAtEnd(bulk.operation())).isEqualTo(1);
        recorder.assertEachStartedEndedOnce();
    }

    @Test
    void bulkRestoreItemsAreNamedForTheirAggregateEvenWhenGivenByIdInGroups() {
        bulkRestoreById(new FileEventStore(tmp.resolve("events"))); // a local folder restores in groups
    }

    @Test
    void bulkRestoreItemsAreNamedForTheirAggregateEvenWhenGivenById() {
        bulkRestoreById(new InMemoryEventStore());
    }

    private void bulkRestoreById(EventStore target) {
        Streams.create(store, NAME, "order-1", 3, null);
        Streams.create(store, NAME, "order-2", 9, null);
        UUID one = service.backupStream(NAME, "order-1").backupId();
        UUID two = service.backupStream(NAME, "order-2").backupId();
        UUID unknown = UUID.fromString("00000000-0000-4000-8000-000000000001");
        Recorder into = new Recorder();

        BulkRestoreResult result = serviceOver(target, into).restoreManyById(List.of(one, unknown, two),
                BulkRestoreOptions.builder().continueOnError(true).build());

        assertThat(result.successCount()).isEqualTo(2);
        Ended bulk = into.only(OperationType.BULK_RESTORE);
        assertThat(bulk.operation().kind()).isEqualTo("restore");
        assertThat(bulk.outcome()).isEqualTo(new OperationOutcome(0, 0, 2, 1));
        List<Ended> items = into.ended(OperationType.RESTORE);
        assertThat(items).filteredOn(e -> e.outcome() != null)
                .extracting(e -> e.operation().objectId() + ":" + e.outcome().events())
                .containsExactlyInAnyOrder("order-1:3", "order-2:9");
        assertThat(items).filteredOn(e -> e.error() != null).singleElement().satisfies(e -> {
            assertThat(e.operation().objectName()).isNull();
            assertThat(e.error()).isInstanceOf(BackupNotFoundException.class).hasMessageContaining(unknown.toString());
        });
        assertThat(into.progress(bulk.operation())).containsExactly("1/3", "2/3", "3/3");
        into.assertEachStartedEndedOnce();
    }

    @Test
    void aBulkRestoreThatStopsAtAFailureEndsEveryOperationItStarted() {
        Streams.create(store, NAME, "order-1", 3, null);
        Streams.create(store, NAME, "order-2", 4, null);
        UUID one = service.backupStream(NAME, "order-1").backupId();
        UUID two = service.backupStream(NAME, "order-2").backupId();
        UUID unknown = UUID.fromString("00000000-0000-4000-8000-000000000002");
        for (EventStore target : List.of(new FileEventStore(tmp.resolve("grouped")), new InMemoryEventStore())) {
            Recorder into = new Recorder();

            assertThatThrownBy(() -> serviceOver(target, into).restoreManyById(List.of(one, unknown, two, one),
                    BulkRestoreOptions.builder().overwrite(true).maxConcurrency(1).continueOnError(false).build()))
                    .isInstanceOf(BulkRestoreException.class);

            Ended bulk = into.only(OperationType.BULK_RESTORE);
            assertThat(bulk.error()).isInstanceOf(BulkRestoreException.class);
            assertThat(into.ended(OperationType.RESTORE)).filteredOn(e -> e.error() instanceof BackupNotFoundException)
                    .hasSize(1);
            into.assertEachStartedEndedOnce();
        }
    }

    @Test
    void bulkRunsWhoseInputBreaksEndEveryOperationTheyStarted() {
        Streams.create(store, NAME, "order-1", 3, null);
        Streams.create(store, NAME, "order-2", 4, null);
        IllegalStateException broken = new IllegalStateException("injected: the ids file is unreadable");

        assertThatThrownBy(() -> service.backupMany(() -> failingAfter(List.of("order-1", "order-2"), broken), NAME,
                BulkBackupOptions.builder().continueOnError(true).maxConcurrency(1).build()))
                .isInstanceOf(BulkBackupException.class).hasCause(broken);

        assertThat(recorder.only(OperationType.BULK_BACKUP).error()).isInstanceOf(BulkBackupException.class);
        assertThat(recorder.ended(OperationType.BACKUP)).hasSize(2);
        recorder.assertEachStartedEndedOnce();
        BackupHandle one = service.listBackups(BackupQuery.builder().objectName(NAME).objectId("order-1").build())
                .get(0);
        for (EventStore target : List.of(new FileEventStore(tmp.resolve("grouped")), new InMemoryEventStore())) {
            Recorder into = new Recorder();

            assertThatThrownBy(() -> serviceOver(target, into).restoreMany(
                    () -> failingAfter(java.util.Arrays.asList(one, null, one), broken),
                    // One at a time: the same backup given twice, side by side, would race for its aggregate.
                    BulkRestoreOptions.builder().overwrite(true).continueOnError(true).maxConcurrency(1).build()))
                    .isInstanceOf(BulkRestoreException.class).hasCause(broken);

            assertThat(into.ended(OperationType.RESTORE)).extracting(e -> e.error() == null)
                    .containsExactlyInAnyOrder(true, false, true);
            into.assertEachStartedEndedOnce();
        }
    }

    /** {@code items}, then {@code failure} where the next item would be. */
    private static <T> java.util.Iterator<T> failingAfter(List<T> items, RuntimeException failure) {
        java.util.Iterator<T> it = items.iterator();
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public T next() {
                if (!it.hasNext()) {
                    throw failure;
                }
                return it.next();
            }
        };
    }

    @Test
    void aRestoreAsOfIsABulkRestoreOfThatKind() {
        Streams.create(store, NAME, "order-1", 3, null);
        service.backupStream(NAME, "order-1");

        service.restoreAsOf(clock.instant(), NAME, BulkRestoreOptions.builder().overwrite(true).build());

        assertThat(recorder.only(OperationType.BULK_RESTORE).operation().kind()).isEqualTo("as-of");
        assertThat(recorder.only(OperationType.RESTORE).outcome().events()).isEqualTo(3);
    }

    @Test
    void aListenerThatThrowsChangesNothingAndTheNextIsStillTold() {
        OperationListener broken = new OperationListener() {
            @Override
            public void started(Operation operation) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void succeeded(Operation operation, OperationOutcome outcome) {
                throw new IllegalStateException("listener bug");
            }
        };
        Recorder after = new Recorder();
        BackupRestoreService withBroken = serviceOver(store, broken, after);
        Streams.create(store, NAME, "order-1", 4, null);

        BackupHandle handle = withBroken.backupStream(NAME, "order-1");
        RestoreResult restored = withBroken.restoreToNewStream(handle, "order-9");

        assertThat(handle.eventCount()).isEqualTo(4);
        assertThat(restored.eventsRestored()).isEqualTo(4);
        assertThat(withBroken.getBackup(handle.backupId())).isPresent();
        assertThat(after.ended(OperationType.BACKUP)).singleElement().extracting(e -> e.outcome().events())
                .isEqualTo(4L);
        assertThat(after.ended(OperationType.RESTORE)).hasSize(1);
    }

    @Test
    void aNullListenerIsRefusedByName() {
        assertThatThrownBy(() -> BackupRestoreService.builder(store, new BlobBackupProvider(backupBlobs))
                .listener(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listener");
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    record Ended(Operation operation, OperationOutcome outcome, Throwable error) {}

    /** Records every call, and the calls that break the listener's contract. */
    static final class Recorder implements OperationListener {
        private final Map<Long, Operation> running = new ConcurrentHashMap<>();
        private final List<Ended> ended = Collections.synchronizedList(new ArrayList<>());
        private final Map<Long, List<String>> progress = new ConcurrentHashMap<>();
        private final Map<Long, Long> failed = new ConcurrentHashMap<>();
        private final List<String> broken = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void started(Operation operation) {
            if (running.putIfAbsent(operation.id(), operation) != null) {
                broken.add("started twice: " + operation);
            }
        }

        @Override
        public void progressed(Operation operation, long processed, long total, long failedSoFar) {
            if (!running.containsKey(operation.id())) {
                broken.add("progress while not running: " + operation);
            }
            progress.computeIfAbsent(operation.id(), k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(processed + "/" + total);
            failed.put(operation.id(), failedSoFar);
        }

        @Override
        public void succeeded(Operation operation, OperationOutcome outcome) {
            end(new Ended(operation, outcome, null));
        }

        @Override
        public void failed(Operation operation, Throwable error) {
            end(new Ended(operation, null, error));
        }

        private void end(Ended e) {
            if (running.remove(e.operation().id()) == null) {
                broken.add("ended without running: " + e);
            }
            ended.add(e);
        }

        List<Ended> ended(OperationType type) {
            synchronized (ended) {
                return ended.stream().filter(e -> e.operation().type() == type).toList();
            }
        }

        Ended only(OperationType type) {
            List<Ended> all = ended(type);
            assertThat(all).as("%s operations", type).hasSize(1);
            return all.get(0);
        }

        List<String> progress(Operation operation) {
            return progress.getOrDefault(operation.id(), List.of());
        }

        long failedAtEnd(Operation operation) {
            return failed.getOrDefault(operation.id(), -1L);
        }

        void assertEachStartedEndedOnce() {
            assertThat(broken).isEmpty();
            assertThat(running).as("operations never ended").isEmpty();
        }
    }
}
