package io.esbackup.backup;

import io.esbackup.backup.BulkFixture.LazyInput;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.store.InMemoryEventStore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a child JVM with a small heap by {@link BulkManyIdsTest}: backs up N lazily made ids of which one
 * in a thousand exists (the rest fail at once, not found), keeping few results, and prints the counts.
 * Ids are long (about 150 characters) so that holding them all would not fit the heap.
 */
public final class BulkManyIdsMain {
    static final int CONCURRENCY = 8;
    static final int KEPT = 64;

    static String id(int i) {
        return "x".repeat(140) + "-" + i;
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        InMemoryEventStore store = new InMemoryEventStore();
        for (int i = 0; i < count; i += 1000) {
            Streams.create(store, "Order", id(i), 2, null);
        }
        BackupRestoreService service = new BackupRestoreService(store,
                new BlobBackupProvider(new InMemoryBlobStore()));
        AtomicLong reported = new AtomicLong();
        AtomicReference<BulkBackupProgress> last = new AtomicReference<>();
        LazyInput<String> ids = new LazyInput<>(count, BulkManyIdsMain::id).reported(reported::get);

        BulkBackupResult r = service.backupMany(ids, "Order", BulkBackupOptions.builder()
                .maxConcurrency(CONCURRENCY).maxResultsKept(KEPT).onProgress(p -> {
                    reported.incrementAndGet();
                    last.set(p);
                }).build());

        BulkBackupProgress p = last.get();
        System.out.println("processed=" + r.totalProcessed() + " succeeded=" + r.successCount()
                + " failed=" + r.failureCount() + " keptSuccesses=" + r.successfulBackups().size()
                + " keptFailures=" + r.failedBackups().size() + " truncated=" + r.truncated()
                + " taken=" + ids.taken() + " maxAhead=" + ids.maxAhead() + " progressCalls=" + reported.get()
                + " lastProgress=" + p.processedStreams() + "/" + p.successfulBackups() + "/"
                + p.failedBackups() + " total=" + p.totalStreams());
        System.out.println("heapUsedMb=" + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
                / (1024 * 1024) + " maxHeapMb=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
