package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.esbackup.backup.BulkFixture.Caller;
import io.esbackup.backup.BulkFixture.Gate;
import io.esbackup.backup.BulkFixture.HookedProvider;
import io.esbackup.backup.BulkFixture.HookedStore;
import io.esbackup.backup.BulkFixture.LazyInput;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.error.StreamNotFoundException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Without continueOnError the first failure stops new work: the item in flight (held in the store until the
 * failure has been reported) still finishes, nothing after the failure is taken from the input, and the
 * exception carries the partial result with the failure.
 */
class BulkFailFastTest {
    private static final int SIZE = 10;

    private final HookedStore store = new HookedStore();
    private final HookedProvider provider = new HookedProvider();
    private final BackupRestoreService service = new BackupRestoreService(store, provider);

    BulkFailFastTest() {
        for (int i = 0; i < SIZE; i++) {
            Streams.create(store, "Order", "o-" + i, 3, null);
        }
    }

    /** A listener that lets the test wait for the first failure to be reported. */
    private static final class FailureSeen {
        final CountDownLatch latch = new CountDownLatch(1);
        final List<Object> reports = Collections.synchronizedList(new ArrayList<>());

        void report(Object progress, long failed) {
            reports.add(progress);
            if (failed > 0) {
                latch.countDown();
            }
        }

        boolean await() throws InterruptedException {
            return latch.await(BulkFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * Item 0 is held in flight, item 1 fails; the test releases item 0 only once the failure is reported and
     * the runner has stopped taking work, so a result that includes item 0 proves the runner waited for it.
     */
    private <T> Throwable runHeld(Gate gate, FailureSeen seen, LazyInput<?> input, Callable<T> call)
            throws InterruptedException {
        Caller<T> caller = Caller.start(call);
        assertThat(gate.awaitArrivals()).as("item 0 is in flight").isTrue();
        assertThat(seen.await()).as("the failure of item 1 was reported").isTrue();
        caller.awaitParkedOrDone();
        long takenWhileHeld = input.taken();
        gate.release();
        Throwable thrown = caller.join();
        assertThat(takenWhileHeld).as("items taken from the input").isEqualTo(2);
        assertThat(input.taken()).as("items taken from the input").isEqualTo(2);
        assertThat(seen.reports).hasSize(2);
        assertThat(gate.problems).isEmpty();
        return thrown;
    }

    @Test
    void backupManyStopsAtTheFirstFailureAfterFinishingWorkInFlight() throws Exception {
        LazyInput<String> ids = new LazyInput<>(SIZE, i -> i == 1 ? "missing-1" : "o-" + i);
        Gate gate = new Gate(1);
        store.beforeRead = id -> {
            if (id.equals("o-0")) {
                gate.hold();
            }
        };
        FailureSeen seen = new FailureSeen();

        Throwable thrown = runHeld(gate, seen, ids, () -> service.backupMany(ids, "Order", BulkBackupOptions
                .builder().maxConcurrency(2).continueOnError(false)
                .onProgress(p -> seen.report(p, p.failedBackups())).build()));

        assertThat(thrown).isInstanceOf(BulkBackupException.class).hasMessageContaining("first failure")
                .hasCauseInstanceOf(StreamNotFoundException.class);
        BulkBackupResult partial = ((BulkBackupException) thrown).partialResult();
        assertThat(partial.totalProcessed()).isEqualTo(2);
        assertThat(partial.successCount()).isEqualTo(1);
        assertThat(partial.failureCount()).isEqualTo(1);
        assertThat(partial.isPartialSuccess()).isTrue();
        assertThat(partial.truncated()).isFalse();
        assertThat(partial.successfulBackups()).extracting(BackupHandle::objectId).containsExactly("o-0");
        BackupFailure failure = partial.failedBackups().get(0);
        assertThat(partial.failedBackups()).hasSize(1);
        assertThat(failure.objectId()).isEqualTo("missing-1");
        assertThat(failure.errorMessage()).contains("missing-1");
        assertThat(failure.exception()).isInstanceOf(StreamNotFoundException.class).isSameAs(thrown.getCause());
    }

    @Test
    void restoreManyByIdStopsAtAnUnknownBackupIdAfterFinishingWorkInFlight() throws Exception {
        List<UUID> backups = backUpAll();
        UUID unknown = UUID.randomUUID();
        LazyInput<UUID> ids = new LazyInput<>(SIZE, i -> i == 1 ? unknown : backups.get(i));
        Gate gate = holdFirstLocate(backups.get(0));
        FailureSeen seen = new FailureSeen();

        Throwable thrown = runHeld(gate, seen, ids, () -> service.restoreManyById(ids, restoreOptions(seen)));

        assertRestorePartial(thrown, backups.get(0), unknown);
    }

    @Test
    void restoreManyStopsAtAHandleOfAnUnknownBackupAfterFinishingWorkInFlight() throws Exception {
        List<UUID> backups = backUpAll();
        List<BackupHandle> real = backups.stream().map(service::requireBackup).toList();
        UUID unknown = UUID.randomUUID();
        BackupHandle ghost = new BackupHandle(unknown, "Order", "o-1", real.get(1).eventCount(),
                real.get(1).createdAt(), real.get(1).location(), real.get(1).manifest());
        LazyInput<BackupHandle> handles = new LazyInput<>(SIZE, i -> i == 1 ? ghost : real.get(i));
        Gate gate = holdFirstLocate(backups.get(0));
        FailureSeen seen = new FailureSeen();

        Throwable thrown = runHeld(gate, seen, handles, () -> service.restoreMany(handles, restoreOptions(seen)));

        assertRestorePartial(thrown, backups.get(0), unknown);
    }

    private List<UUID> backUpAll() {
        return IntStream.range(0, SIZE).mapToObj(i -> service.backupStream("Order", "o-" + i).backupId()).toList();
    }

    /** Holds the restore of {@code held} at its lookup; every other lookup (and later ones) pass. */
    private Gate holdFirstLocate(UUID held) {
        Gate gate = new Gate(1);
        provider.beforeLocate = id -> {
            if (id.equals(held)) {
                gate.hold();
            }
        };
        return gate;
    }

    private static BulkRestoreOptions restoreOptions(FailureSeen seen) {
        return BulkRestoreOptions.builder().overwrite(true).maxConcurrency(2).continueOnError(false)
                .onProgress(p -> seen.report(p, p.failedRestores())).build();
    }

    private static void assertRestorePartial(Throwable thrown, UUID restored, UUID unknown) {
        assertThat(thrown).isInstanceOf(BulkRestoreException.class).hasMessageContaining("first failure")
                .hasCauseInstanceOf(BackupNotFoundException.class);
        BulkRestoreResult partial = ((BulkRestoreException) thrown).partialResult();
        assertThat(partial.totalProcessed()).isEqualTo(2);
        assertThat(partial.successCount()).isEqualTo(1);
        assertThat(partial.failureCount()).isEqualTo(1);
        assertThat(partial.successfulRestores()).extracting(RestoreResult::backupId).containsExactly(restored);
        assertThat(partial.successfulRestores()).extracting(RestoreResult::objectId).containsExactly("o-0");
        assertThat(partial.failedRestores()).singleElement().satisfies(f -> {
            assertThat(f.backupId()).isEqualTo(unknown);
            assertThat(f.errorMessage()).contains(unknown.toString());
            assertThat(f.exception()).isInstanceOf(BackupNotFoundException.class).isSameAs(thrown.getCause());
        });
    }

    /**
     * Regression: a failure that comes after the input ran out (the last item, or every item already in
     * flight) used to end the run normally, so whether fail-fast threw depended on where the failure was.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void aFailureInTheLastItemStillThrows(int maxConcurrency) {
        BulkBackupOptions failFast = BulkBackupOptions.builder().maxConcurrency(maxConcurrency)
                .continueOnError(false).build();

        assertThatThrownBy(() -> service.backupMany(List.of("o-0", "o-1", "missing"), "Order", failFast))
                .isInstanceOf(BulkBackupException.class)
                .hasCauseInstanceOf(StreamNotFoundException.class)
                .extracting(e -> ((BulkBackupException) e).partialResult())
                .satisfies(r -> {
                    assertThat(r.totalProcessed()).isEqualTo(3);
                    assertThat(r.successCount()).isEqualTo(2);
                    assertThat(r.failedBackups()).extracting(BackupFailure::objectId).containsExactly("missing");
                });
        assertThatThrownBy(() -> service.restoreManyById(List.of(UUID.randomUUID()),
                BulkRestoreOptions.builder().maxConcurrency(maxConcurrency).continueOnError(false).build()))
                .isInstanceOf(BulkRestoreException.class)
                .extracting(e -> ((BulkRestoreException) e).partialResult().failureCount()).isEqualTo(1L);
    }

    /**
     * Regression: a stream's iterator reads an item to answer hasNext, so asking it before a slot was free
     * took one id past the failure out of the stream.
     */
    @Test
    void aStreamIsNotReadPastTheFailure() {
        LazyInput<String> ids = new LazyInput<>(SIZE, i -> i == 0 ? "missing-0" : "o-" + i);

        assertThatThrownBy(() -> service.backupMany(IntStream.range(0, SIZE).mapToObj(i -> ids.take()), "Order",
                BulkBackupOptions.builder().maxConcurrency(1).continueOnError(false).build()))
                .isInstanceOf(BulkBackupException.class)
                .extracting(e -> ((BulkBackupException) e).partialResult(), type(BulkBackupResult.class))
                .satisfies(r -> assertThat(r.totalProcessed()).isEqualTo(1));
        assertThat(ids.taken()).isEqualTo(1);
    }
}
