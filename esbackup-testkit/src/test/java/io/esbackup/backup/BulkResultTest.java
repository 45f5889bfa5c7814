package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.backup.BulkFixture.HookedStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.error.StreamAlreadyExistsException;
import io.esbackup.error.StreamNotFoundException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What a bulk run returns: the three verdicts, failures that name their item with the message and exception,
 * an elapsed time from the service's clock, capped lists with exact counts; backupAll covers exactly the
 * store's aggregates of one name, and restoreMany puts each backup back where it came from.
 */
class BulkResultTest {
    private final HookedStore store = new HookedStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T00:00:00Z"));
    private final BackupRestoreService service = BackupRestoreService.builder(store,
            new BlobBackupProvider(new InMemoryBlobStore())).clock(clock).build();
    private final List<String> orders = IntStream.range(0, 8).mapToObj(i -> "o-" + i).toList();

    BulkResultTest() {
        for (int i = 0; i < orders.size(); i++) {
            Streams.create(store, "Order", orders.get(i), 3 + i, null);
        }
    }

    private BulkBackupResult backUp(List<String> ids) {
        return service.backupMany(ids, "Order", BulkBackupOptions.builder().maxConcurrency(3).build());
    }

    @Test
    void allSucceededIsFullySuccessfulOnly() {
        BulkBackupResult r = backUp(orders);

        assertThat(r.successCount()).isEqualTo(8);
        assertThat(r.failureCount()).isZero();
        assertThat(r.isFullySuccessful()).isTrue();
        assertThat(r.isPartialSuccess()).isFalse();
        assertThat(r.isFullyFailed()).isFalse();
        assertThat(r.successfulBackups()).extracting(BackupHandle::objectId)
                .containsExactlyInAnyOrderElementsOf(orders);
    }

    @Test
    void someFailedIsPartialSuccessAndEachFailureNamesItsIdWithMessageAndException() {
        List<String> ids = new ArrayList<>(orders);
        ids.add(2, "missing-a");
        ids.add("missing-b");

        BulkBackupResult r = backUp(ids);

        assertThat(r.totalProcessed()).isEqualTo(10);
        assertThat(r.successCount()).isEqualTo(8);
        assertThat(r.failureCount()).isEqualTo(2);
        assertThat(r.isPartialSuccess()).isTrue();
        assertThat(r.isFullySuccessful()).isFalse();
        assertThat(r.isFullyFailed()).isFalse();
        assertThat(r.failedBackups()).extracting(BackupFailure::objectId)
                .containsExactlyInAnyOrder("missing-a", "missing-b");
        for (BackupFailure f : r.failedBackups()) {
            assertThat(f.exception()).isInstanceOf(StreamNotFoundException.class);
            assertThat(f.errorMessage()).isEqualTo(f.exception().getMessage()).contains("Order/" + f.objectId());
        }
    }

    @Test
    void allFailedIsFullyFailedOnly() {
        BulkBackupResult r = backUp(List.of("missing-a", "missing-b", "missing-c"));

        assertThat(r.failureCount()).isEqualTo(3);
        assertThat(r.isFullyFailed()).isTrue();
        assertThat(r.isPartialSuccess()).isFalse();
        assertThat(r.isFullySuccessful()).isFalse();
        assertThat(r.successfulBackups()).isEmpty();
    }

    @Test
    void restoreVerdictsAndFailuresNameTheBackupId() {
        List<BackupHandle> handles = backUp(orders).successfulBackups();

        BulkRestoreResult withoutOverwrite = service.restoreMany(handles, BulkRestoreOptions.DEFAULT);
        assertThat(withoutOverwrite.isFullyFailed()).isTrue();
        assertThat(withoutOverwrite.isPartialSuccess()).isFalse();
        assertThat(withoutOverwrite.failedRestores()).hasSize(8).allSatisfy(f -> {
            assertThat(f.exception()).isInstanceOf(StreamAlreadyExistsException.class);
            assertThat(f.errorMessage()).isEqualTo(f.exception().getMessage());
        });
        assertThat(withoutOverwrite.failedRestores()).extracting(RestoreFailure::backupId)
                .containsExactlyInAnyOrderElementsOf(handles.stream().map(BackupHandle::backupId).toList());

        BulkRestoreResult withOverwrite = service.restoreMany(handles, BulkRestoreOptions.builder().overwrite(true)
                .build());
        assertThat(withOverwrite.isFullySuccessful()).isTrue();
        assertThat(withOverwrite.isPartialSuccess()).isFalse();
        assertThat(withOverwrite.isFullyFailed()).isFalse();
    }

    @Test
    void elapsedIsMeasuredWithTheServiceClock() {
        BulkBackupResult r = service.backupMany(orders, "Order", BulkBackupOptions.builder()
                .onProgress(p -> clock.advance(Duration.ofSeconds(5))).build());

        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(40));
        BulkBackupResult none = backUp(List.of());
        assertThat(none.elapsed()).isEqualTo(Duration.ZERO);
    }

    @Test
    void listsAreCappedAtMaxResultsKeptWhileCountsStayExact() {
        List<String> ids = new ArrayList<>(orders);
        IntStream.range(0, 12).forEach(i -> ids.add("missing-" + i));

        BulkBackupResult capped = service.backupMany(ids, "Order", BulkBackupOptions.builder().maxResultsKept(5)
                .build());
        BulkBackupResult none = service.backupMany(ids, "Order", BulkBackupOptions.builder().maxResultsKept(0)
                .build());
        BulkBackupResult all = service.backupMany(ids, "Order", BulkBackupOptions.builder().maxResultsKept(12)
                .build());

        assertThat(capped.successfulBackups()).hasSize(5);
        assertThat(capped.failedBackups()).hasSize(5);
        assertThat(capped.truncated()).isTrue();
        assertThat(none.successfulBackups()).isEmpty();
        assertThat(none.failedBackups()).isEmpty();
        assertThat(none.truncated()).isTrue();
        assertThat(all.successfulBackups()).hasSize(8);
        assertThat(all.failedBackups()).hasSize(12);
        assertThat(all.truncated()).isFalse();
        for (BulkBackupResult r : List.of(capped, none, all)) {
            assertThat(r.totalProcessed()).isEqualTo(20);
            assertThat(r.successCount()).isEqualTo(8);
            assertThat(r.failureCount()).isEqualTo(12);
        }
    }

    @Test
    void backupAllBacksUpExactlyTheStoresAggregatesOfThatName() {
        Streams.create(store, "Invoice", "i-1", 2, null);
        Streams.create(store, "Invoice", "o-0", 2, null);

        BulkBackupResult r = service.backupAll("Order", BulkBackupOptions.DEFAULT);

        assertThat(r.successfulBackups()).extracting(BackupHandle::objectId)
                .containsExactlyInAnyOrderElementsOf(orders);
        assertThat(r.successfulBackups()).extracting(BackupHandle::objectName).containsOnly("Order");
        assertThat(r.totalProcessed()).isEqualTo(8);
        assertThat(service.listBackups()).extracting(BackupHandle::objectId)
                .containsExactlyInAnyOrderElementsOf(orders);
        assertThat(service.backupAll("Nothing", BulkBackupOptions.DEFAULT).totalProcessed()).isZero();
    }

    @Test
    void restoreManyPutsEachBackupBackIntoTheAggregateItCameFrom() {
        Map<String, List<Event>> before = new HashMap<>();
        for (String id : orders) {
            before.put(id, Streams.readAll(store, "Order", Streams.document(store, "Order", id).active()));
        }
        List<BackupHandle> handles = backUp(orders).successfulBackups();
        // Every aggregate moves on after its backup.
        for (String id : orders) {
            ObjectDocument doc = Streams.document(store, "Order", id);
            int next = doc.active().currentStreamVersion() + 1;
            store.appendEvents("Order", doc.active(), null, Streams.events(next, 4));
        }

        BulkRestoreResult r = service.restoreMany(handles, BulkRestoreOptions.builder().overwrite(true)
                .maxConcurrency(3).build());

        assertThat(r.successCount()).isEqualTo(8);
        for (RestoreResult restored : r.successfulRestores()) {
            BackupHandle handle = handles.stream().filter(h -> h.backupId().equals(restored.backupId()))
                    .findFirst().orElseThrow();
            assertThat(restored.objectId()).isEqualTo(handle.objectId());
            ObjectDocument now = Streams.document(store, "Order", handle.objectId());
            assertThat(now.active().streamIdentifier()).isEqualTo(restored.streamIdentifier());
            assertThat(Streams.readAll(store, "Order", now.active())).isEqualTo(before.get(handle.objectId()));
        }
    }

    /**
     * Regression: an Error (here an AssertionError from the store) thrown by one item's backup used to escape
     * the worker: the item had no outcome, so the counts missed it, and fail-fast did not stop.
     */
    @Test
    void anErrorInOneItemIsThatItemsFailure() {
        store.beforeRead = id -> {
            if (id.equals("o-3")) {
                throw new AssertionError("store bug at " + id);
            }
        };
        AtomicInteger reports = new AtomicInteger();

        BulkBackupResult r = service.backupMany(orders, "Order", BulkBackupOptions.builder()
                .onProgress(p -> reports.incrementAndGet()).build());

        assertThat(reports.get()).isEqualTo(8);
        assertThat(r.totalProcessed()).isEqualTo(8);
        assertThat(r.successCount()).isEqualTo(7);
        assertThat(r.failedBackups()).singleElement().satisfies(f -> {
            assertThat(f.objectId()).isEqualTo("o-3");
            assertThat(f.exception()).isInstanceOf(AssertionError.class);
            assertThat(f.errorMessage()).isEqualTo("store bug at o-3");
        });
        assertThatThrownBy(() -> service.backupMany(orders, "Order", BulkBackupOptions.builder().maxConcurrency(1)
                .continueOnError(false).build()))
                .isInstanceOf(BulkBackupException.class).hasCauseInstanceOf(AssertionError.class)
                .satisfies(e -> assertThat(((BulkBackupException) e).partialResult().totalProcessed()).isEqualTo(4));
    }
}
