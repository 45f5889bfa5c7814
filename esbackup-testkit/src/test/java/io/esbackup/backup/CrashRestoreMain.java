package io.esbackup.backup;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.FileEventStore;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Run in a child JVM by {@link CrashConsistencyTest}: restores one backup over its live aggregate
 * ({@link RestoreOptions#WITH_OVERWRITE}), printing START before and DONE after. The test kills it with
 * SIGKILL somewhere in between.
 */
public final class CrashRestoreMain {
    public static void main(String[] args) {
        FileEventStore store = new FileEventStore(Path.of(args[0]));
        BackupRestoreService service = new BackupRestoreService(store,
                new BlobBackupProvider(new LocalBlobStore(Path.of(args[1]))));
        BackupHandle handle = service.requireBackup(UUID.fromString(args[2]));
        System.out.println("START");
        System.out.flush();
        RestoreResult r = service.restoreStream(handle, RestoreOptions.WITH_OVERWRITE);
        System.out.println("DONE restored=" + r.eventsRestored());
        System.out.flush();
    }
}
