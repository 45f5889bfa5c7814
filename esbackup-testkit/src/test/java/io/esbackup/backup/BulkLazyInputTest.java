package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.backup.BulkFixture.Caller;
import io.esbackup.backup.BulkFixture.Gate;
import io.esbackup.backup.BulkFixture.HookedProvider;
import io.esbackup.backup.BulkFixture.HookedStore;
import io.esbackup.backup.BulkFixture.LazyInput;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ids are taken from a lazy input only as slots free up: the input is never more than maxConcurrency items
 * ahead of the outcomes reported, whether it is an {@code Iterable} or a {@code Stream}. (The 100,000-id run
 * with a small heap is {@link BulkManyIdsTest}.)
 */
class BulkLazyInputTest {
    private static final int IDS = 2_000;

    private final HookedStore store = new HookedStore();
    private final HookedProvider provider = new HookedProvider();
    private final BackupRestoreService service = new BackupRestoreService(store, provider);

    /** Every 100th id exists; the rest fail at once (not found), which keeps the run cheap. */
    private static String id(int i) {
        return "o-" + i;
    }

    private void createEveryHundredth() {
        for (int i = 0; i < IDS; i += 100) {
            Streams.create(store, "Order", id(i), 2, null);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 16})
    void anIterableIsNeverTakenMoreThanMaxConcurrencyAheadOfTheOutcomes(int maxConcurrency) {
        createEveryHundredth();
        AtomicLong reported = new AtomicLong();
        LazyInput<String> ids = new LazyInput<>(IDS, BulkLazyInputTest::id).reported(reported::get);

        BulkBackupResult result = service.backupMany(ids, "Order", BulkBackupOptions.builder()
                .maxConcurrency(maxConcurrency).onProgress(p -> reported.incrementAndGet()).build());

        assertThat(ids.maxAhead()).isBetween(1L, (long) maxConcurrency);
        assertThat(ids.taken()).isEqualTo(IDS);
        assertThat(reported.get()).isEqualTo(IDS);
        assertThat(result.totalProcessed()).isEqualTo(IDS);
        assertThat(result.successCount()).isEqualTo(IDS / 100);
        assertThat(result.failureCount()).isEqualTo(IDS - IDS / 100);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 16})
    void aStreamIsNeverReadMoreThanMaxConcurrencyAheadOfTheOutcomes(int maxConcurrency) {
        createEveryHundredth();
        AtomicLong reported = new AtomicLong();
        LazyInput<String> ids = new LazyInput<>(IDS, BulkLazyInputTest::id).reported(reported::get);
        // The stream makes each id as it is read: a map over a range, not a collection.
        Stream<String> stream = IntStream.range(0, IDS).mapToObj(i -> ids.take());

        BulkBackupResult result = service.backupMany(stream, "Order", BulkBackupOptions.builder()
                .maxConcurrency(maxConcurrency).onProgress(p -> reported.incrementAndGet()).build());

        assertThat(ids.maxAhead()).isBetween(1L, (long) maxConcurrency);
        assertThat(ids.taken()).isEqualTo(IDS);
        assertThat(result.totalProcessed()).isEqualTo(IDS);
    }

    /**
     * With every slot held, the runner waits for one instead of reading on: exactly maxConcurrency ids have
     * been taken. A stream is read only with a slot in hand too (its iterator reads an item to answer
     * hasNext, so asking it before a slot is free would read one ahead).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void whileEverySlotIsHeldNothingMoreIsTaken(boolean asStream) throws Exception {
        int n = 3;
        LazyInput<String> ids = new LazyInput<>(100, BulkLazyInputTest::id);
        Gate gate = new Gate(n);
        store.beforeRead = id -> gate.hold();
        BulkBackupOptions options = BulkBackupOptions.builder().maxConcurrency(n).build();

        Caller<BulkBackupResult> caller = Caller.start(() -> asStream
                ? service.backupMany(IntStream.range(0, 100).mapToObj(i -> ids.take()), "Order", options)
                : service.backupMany(ids, "Order", options));
        assertThat(gate.awaitArrivals()).as("%s backups started at once", n).isTrue();
        caller.awaitParkedOrDone();
        long takenWhileHeld = ids.taken();
        gate.release();

        assertThat(takenWhileHeld).isEqualTo(n);
        assertThat(caller.result().totalProcessed()).isEqualTo(100);
        assertThat(gate.problems).isEmpty();
    }

    @Test
    void restoreManyByIdTakesBackupIdsLazilyToo() {
        List<UUID> known = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Streams.create(store, "Order", id(i), 2, null);
            known.add(service.backupStream("Order", id(i)).backupId());
        }
        AtomicLong reported = new AtomicLong();
        // Ids 0..4 are the real backups, the rest are unknown (each fails at once).
        LazyInput<UUID> ids = new LazyInput<>(500, i -> i < known.size() ? known.get(i) : new UUID(0, i))
                .reported(reported::get);

        BulkRestoreResult result = service.restoreManyById(ids, BulkRestoreOptions.builder().overwrite(true)
                .maxConcurrency(4).onProgress(p -> reported.incrementAndGet()).build());

        assertThat(ids.maxAhead()).isBetween(1L, 4L);
        assertThat(ids.taken()).isEqualTo(500);
        assertThat(result.totalProcessed()).isEqualTo(500);
        assertThat(result.successCount()).isEqualTo(5);
        assertThat(result.failureCount()).isEqualTo(495);
    }

    @Test
    void aStreamIsClosedAfterTheRunAlsoWhenItStopsEarly() {
        createEveryHundredth();
        AtomicLong closed = new AtomicLong();
        BulkBackupOptions failFast = BulkBackupOptions.builder().continueOnError(false).build();

        service.backupMany(Stream.of("o-0", "o-100").onClose(closed::incrementAndGet), "Order",
                BulkBackupOptions.DEFAULT);
        assertThatThrownBy(() -> service.backupMany(Stream.of("missing", "o-0").onClose(closed::incrementAndGet),
                "Order", failFast)).isInstanceOf(BulkBackupException.class);
        service.backupAll("Order", BulkBackupOptions.DEFAULT);

        assertThat(closed.get()).isEqualTo(2);
        assertThat(store.listingsClosed.get()).as("backupAll's listing closed").isEqualTo(1);
    }
}
