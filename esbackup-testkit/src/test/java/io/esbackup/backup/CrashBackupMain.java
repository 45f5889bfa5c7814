package io.esbackup.backup;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.FileEventStore;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * Run in a child JVM by {@link CrashConsistencyTest}: backs up streams {@code 0..count-1} of a
 * {@link FileEventStore} with backupMany (concurrency 4) into a {@link LocalBlobStore}, printing START
 * before the first backup and DONE after the last. The test kills it with SIGKILL somewhere in between.
 * With a fourth argument {@code pack} (for {@link PackedCrashConsistencyTest}) the run is packed, in packs of
 * at most 200 backups, so a run has written several packs and indexes before its commit.
 */
public final class CrashBackupMain {
    public static void main(String[] args) {
        FileEventStore store = new FileEventStore(Path.of(args[0]));
        BackupRestoreService service = new BackupRestoreService(store,
                new BlobBackupProvider(new LocalBlobStore(Path.of(args[1]))));
        int count = Integer.parseInt(args[2]);
        boolean pack = args.length > 3 && args[3].equals("pack");
        System.out.println("START");
        System.out.flush();
        BulkBackupResult r = service.backupMany(
                IntStream.range(0, count).mapToObj(CrashConsistencyTest::orderId).toList(), "Order",
                BulkBackupOptions.builder().maxConcurrency(4).pack(pack)
                        .packLimits(new PackLimits(64L * 1024 * 1024, 200)).build());
        System.out.println("DONE succeeded=" + r.successCount() + " failed=" + r.failureCount());
        System.out.flush();
    }
}
