package io.esbackup.backup;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.FileEventStore;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * Run in a child JVM by {@link PackedCrashConsistencyTest}: a packed backupMany (concurrency 4, packs of at
 * most 200 backups, so a run writes several packs and indexes before its commit) of streams
 * {@code 0..count-1}, printing START before and DONE after. The test kills it with SIGKILL in between.
 */
public final class CrashPackedBackupMain {
    public static void main(String[] args) {
        FileEventStore store = new FileEventStore(Path.of(args[0]));
        BackupRestoreService service = new BackupRestoreService(store,
                new BlobBackupProvider(new LocalBlobStore(Path.of(args[1]))));
        int count = Integer.parseInt(args[2]);
        System.out.println("START");
        System.out.flush();
        BulkBackupResult r = service.backupMany(
                IntStream.range(0, count).mapToObj(CrashConsistencyTest::orderId).toList(), "Order",
                BulkBackupOptions.builder().maxConcurrency(4).pack(true)
                        .packLimits(new PackLimits(64L * 1024 * 1024, 200)).build());
        System.out.println("DONE succeeded=" + r.successCount() + " failed=" + r.failureCount());
        System.out.flush();
    }
}
