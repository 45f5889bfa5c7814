package io.esbackup.backup;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.FileEventStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Run in a child JVM with a small heap by {@link ConstantMemoryTest}: writes a stream of N events, backs
 * it up, validates, and clones it, printing the counts. Running out of heap fails the child.
 */
public final class BigStreamMain {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        FileEventStore store = new FileEventStore(dir.resolve("store"));
        StreamInformation info = store.appendEvents("Big", StreamInformation.empty("big-0000000000", "blob"),
                StreamHeader.of("Big", "big"), IntStream.range(0, count).mapToObj(v -> new Event("Tick", v, null,
                        null, null, null, "{\"n\":" + v + ",\"amount\":10.50}", "2024-01-01T00:00:00Z", Map.of()))
                        .iterator());
        store.writeDocument(ObjectDocument.create("Big", "big", info), null);
        BackupRestoreService service = new BackupRestoreService(store,
                new BlobBackupProvider(new LocalBlobStore(dir.resolve("backups"))));
        BackupHandle handle = service.backupStream("Big", "big");
        ValidationReport report = service.validateBackup(handle);
        RestoreResult clone = service.restoreToNewStream(handle, "big-clone");
        long peak = Runtime.getRuntime().maxMemory();
        System.out.println("backedUp=" + handle.eventCount() + " valid=" + report.valid() + " restored="
                + clone.eventsRestored() + " version=" + clone.streamVersion() + " maxHeap=" + peak);
    }
}
