package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.backup.BulkFixture.Caller;
import io.esbackup.backup.BulkFixture.Gate;
import io.esbackup.backup.BulkFixture.HookedProvider;
import io.esbackup.backup.BulkFixture.HookedStore;
import io.esbackup.backup.BulkFixture.LazyInput;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Interrupting the calling thread while it waits for a slot stops new work: the two items in flight (held
 * until after the interrupt) finish and are counted, nothing else is taken from the input, the exception says
 * it was interrupted and carries the partial result, and the thread's interrupt flag is still set.
 */
class BulkInterruptTest {
    private static final int INPUT = 1_000;

    private final HookedStore store = new HookedStore();
    private final HookedProvider provider = new HookedProvider();
    private final BackupRestoreService service = new BackupRestoreService(store, provider);
    private final AtomicLong reported = new AtomicLong();

    BulkInterruptTest() {
        for (int i = 0; i < 10; i++) {
            Streams.create(store, "Order", "o-" + i, 3, null);
        }
    }

    /**
     * Items 0 to 2 finish; 3 and 4 are held, so with two slots the caller waits for one. Then it is
     * interrupted, and only after that are 3 and 4 let go.
     */
    private <T> Throwable interruptWhileWaitingForASlot(Gate gate, LazyInput<?> input, Callable<T> call)
            throws InterruptedException {
        Caller<T> caller = Caller.start(call);
        assertThat(gate.awaitArrivals()).as("items 3 and 4 are in flight").isTrue();
        caller.awaitParkedOrDone();
        assertThat(caller.thread.isAlive()).as("the caller waits for a slot").isTrue();
        long takenBefore = input.taken();
        long reportedBefore = reported.get();
        caller.thread.interrupt();
        gate.release();
        Throwable thrown = caller.join();

        assertThat(takenBefore).isEqualTo(5);
        assertThat(reportedBefore).isEqualTo(3);
        assertThat(input.taken()).as("items taken from the input").isEqualTo(5);
        assertThat(reported.get()).as("outcomes reported").isEqualTo(5);
        assertThat(caller.interruptedAfter()).as("the caller's interrupt flag").isTrue();
        assertThat(thrown).hasMessageContaining("interrupted");
        assertThat(gate.problems).isEmpty();
        return thrown;
    }

    @Test
    void backupManyStopsWhenItsThreadIsInterrupted() throws Exception {
        LazyInput<String> ids = new LazyInput<>(INPUT, i -> "o-" + i);
        Gate gate = new Gate(2);
        store.beforeRead = id -> {
            if (Set.of("o-3", "o-4").contains(id)) {
                gate.hold();
            }
        };

        Throwable thrown = interruptWhileWaitingForASlot(gate, ids, () -> service.backupMany(ids, "Order",
                BulkBackupOptions.builder().maxConcurrency(2).onProgress(p -> reported.incrementAndGet()).build()));

        assertThat(thrown).isInstanceOf(BulkBackupException.class);
        BulkBackupResult partial = ((BulkBackupException) thrown).partialResult();
        assertThat(partial.totalProcessed()).isEqualTo(5);
        assertThat(partial.successCount()).isEqualTo(5);
        assertThat(partial.failureCount()).isZero();
        assertThat(partial.successfulBackups()).extracting(BackupHandle::objectId)
                .containsExactlyInAnyOrder("o-0", "o-1", "o-2", "o-3", "o-4");
    }

    @Test
    void restoreManyByIdStopsWhenItsThreadIsInterrupted() throws Exception {
        List<UUID> backups = IntStream.range(0, 10)
                .mapToObj(i -> service.backupStream("Order", "o-" + i).backupId()).toList();
        LazyInput<UUID> ids = new LazyInput<>(INPUT, i -> i < backups.size() ? backups.get(i) : new UUID(0, i));
        Gate gate = new Gate(2);
        Set<UUID> held = Set.of(backups.get(3), backups.get(4));
        provider.beforeLocate = id -> {
            if (held.contains(id)) {
                gate.hold();
            }
        };

        Throwable thrown = interruptWhileWaitingForASlot(gate, ids, () -> service.restoreManyById(ids,
                BulkRestoreOptions.builder().overwrite(true).maxConcurrency(2)
                        .onProgress(p -> reported.incrementAndGet()).build()));

        assertThat(thrown).isInstanceOf(BulkRestoreException.class);
        BulkRestoreResult partial = ((BulkRestoreException) thrown).partialResult();
        assertThat(partial.totalProcessed()).isEqualTo(5);
        assertThat(partial.successCount()).isEqualTo(5);
        assertThat(partial.successfulRestores()).extracting(RestoreResult::backupId)
                .containsExactlyInAnyOrderElementsOf(backups.subList(0, 5));
    }

    @Test
    void aThreadInterruptedBeforeTheCallStartsNothingAndStaysInterrupted() {
        LazyInput<String> ids = new LazyInput<>(INPUT, i -> "o-" + i);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> service.backupMany(ids, "Order", BulkBackupOptions.DEFAULT))
                    .isInstanceOf(BulkBackupException.class).hasMessageContaining("interrupted")
                    .satisfies(e -> assertThat(((BulkBackupException) e).partialResult().totalProcessed()).isZero());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(ids.taken()).isZero();
    }
}
