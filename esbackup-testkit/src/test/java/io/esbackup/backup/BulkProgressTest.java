package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.store.InMemoryEventStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Progress is reported once per item as it finishes, from one thread at a time, with counts that only go up
 * by one, naming the item that just finished; the last report matches the result. A listener that throws
 * changes nothing.
 */
class BulkProgressTest {
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final BackupRestoreService service = new BackupRestoreService(store,
            new BlobBackupProvider(new InMemoryBlobStore()));

    /** Records each report and whether any two ever overlapped; lingers inside so an overlap would show. */
    private static final class Recorder<P> implements Consumer<P> {
        final List<P> reports = Collections.synchronizedList(new ArrayList<>());
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();

        @Override
        public void accept(P p) {
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            threads.add(Thread.currentThread());
            reports.add(p);
            for (int i = 0; i < 2_000; i++) {
                Thread.onSpinWait();
            }
            inside.decrementAndGet();
        }
    }

    @Test
    void backupProgressIsOrderedOnePerItemAndNamesTheItemJustFinished() {
        List<String> ids = new ArrayList<>();
        Set<String> existing = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            if (i % 2 == 0) {
                Streams.create(store, "Order", "o-" + i, 2, null);
                existing.add("o-" + i);
            }
            ids.add("o-" + i);
        }
        Recorder<BulkBackupProgress> recorder = new Recorder<>();

        BulkBackupResult result = service.backupMany(ids, "Order", BulkBackupOptions.builder().maxConcurrency(8)
                .onProgress(recorder).build());

        assertThat(recorder.overlaps.get()).as("reports that overlapped another").isZero();
        assertThat(recorder.threads).as("reports came from several worker threads").hasSizeGreaterThan(1);
        List<BulkBackupProgress> reports = recorder.reports;
        assertThat(reports).hasSize(300);
        assertThat(reports).extracting(BulkBackupProgress::currentStreamId).containsExactlyInAnyOrderElementsOf(ids);
        BulkBackupProgress before = new BulkBackupProgress(300, 0, 0, 0, null);
        for (BulkBackupProgress p : reports) {
            boolean ok = existing.contains(p.currentStreamId());
            assertThat(p.processedStreams()).isEqualTo(before.processedStreams() + 1);
            assertThat(p.successfulBackups()).as(p.toString()).isEqualTo(before.successfulBackups() + (ok ? 1 : 0));
            assertThat(p.failedBackups()).as(p.toString()).isEqualTo(before.failedBackups() + (ok ? 0 : 1));
            assertThat(p.totalStreams()).isEqualTo(300);
            assertThat(p.percentageComplete()).isGreaterThan(before.percentageComplete());
            before = p;
        }
        assertThat(before.percentageComplete()).isEqualTo(100.0);
        assertThat(before.processedStreams()).isEqualTo(result.totalProcessed());
        assertThat(before.successfulBackups()).isEqualTo(result.successCount()).isEqualTo(150);
        assertThat(before.failedBackups()).isEqualTo(result.failureCount()).isEqualTo(150);
    }

    @Test
    void restoreProgressIsOrderedOnePerItemAndNamesTheBackupJustFinished() {
        List<UUID> ids = new ArrayList<>();
        Set<UUID> existing = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            if (i % 4 == 0) {
                Streams.create(store, "Order", "o-" + i, 2, null);
                UUID id = service.backupStream("Order", "o-" + i).backupId();
                existing.add(id);
                ids.add(id);
            } else {
                ids.add(UUID.randomUUID());
            }
        }
        Recorder<BulkRestoreProgress> recorder = new Recorder<>();

        BulkRestoreResult result = service.restoreManyById(ids, BulkRestoreOptions.builder().overwrite(true)
                .maxConcurrency(6).onProgress(recorder).build());

        assertThat(recorder.overlaps.get()).isZero();
        List<BulkRestoreProgress> reports = recorder.reports;
        assertThat(reports).extracting(BulkRestoreProgress::currentBackupId).containsExactlyInAnyOrderElementsOf(ids);
        BulkRestoreProgress before = new BulkRestoreProgress(40, 0, 0, 0, null);
        for (BulkRestoreProgress p : reports) {
            boolean ok = existing.contains(p.currentBackupId());
            assertThat(p.processedBackups()).isEqualTo(before.processedBackups() + 1);
            assertThat(p.successfulRestores()).isEqualTo(before.successfulRestores() + (ok ? 1 : 0));
            assertThat(p.failedRestores()).isEqualTo(before.failedRestores() + (ok ? 0 : 1));
            before = p;
        }
        assertThat(before.percentageComplete()).isEqualTo(100.0);
        assertThat(before.successfulRestores()).isEqualTo(result.successCount()).isEqualTo(10);
        assertThat(before.failedRestores()).isEqualTo(result.failureCount()).isEqualTo(30);
    }

    /**
     * The listener's exception is caught and logged by the run: it reaches no worker thread's uncaught
     * exception handler (watched for the duration of the test), fails no item and loses no count.
     */
    @Test
    void aListenerThatThrowsBreaksNeitherTheRunNorItsCounts() {
        List<Throwable> escaped = Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> escaped.add(e));
        try {
            listenerThatThrows();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertThat(escaped).isEmpty();
    }

    private void listenerThatThrows() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Streams.create(store, "Order", "o-" + i, 2, null);
            ids.add("o-" + i);
        }
        AtomicInteger calls = new AtomicInteger();

        // Without continue-on-error too: a listener's failure is not a failure of the item.
        BulkBackupResult result = service.backupMany(ids, "Order", BulkBackupOptions.builder().maxConcurrency(4)
                .continueOnError(false).onProgress(p -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("listener bug");
                }).build());

        assertThat(calls.get()).isEqualTo(20);
        assertThat(result.totalProcessed()).isEqualTo(20);
        assertThat(result.successCount()).isEqualTo(20);
        assertThat(result.isFullySuccessful()).isTrue();
        assertThat(result.successfulBackups()).hasSize(20);

        AtomicInteger restoreCalls = new AtomicInteger();
        BulkRestoreResult restored = service.restoreMany(result.successfulBackups(), BulkRestoreOptions.builder()
                .overwrite(true).continueOnError(false).onProgress(p -> {
                    restoreCalls.incrementAndGet();
                    throw new IllegalStateException("listener bug");
                }).build());
        assertThat(restoreCalls.get()).isEqualTo(20);
        assertThat(restored.successCount()).isEqualTo(20);
        assertThat(restored.isFullySuccessful()).isTrue();
    }
}
