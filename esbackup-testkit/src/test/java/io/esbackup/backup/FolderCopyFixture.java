package io.esbackup.backup;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.InMemoryEventStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;

/** What the tests of copies between local folders share: a folder, an event store, a clock, services over folders. */
abstract class FolderCopyFixture {
    @TempDir
    Path dir;

    final InMemoryEventStore store = new InMemoryEventStore();
    final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T00:00:00Z"));

    /** A service over {@code store} whose backups are in the folder {@code backups}. */
    BackupRestoreService service(Path backups) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(new LocalBlobStore(backups))).clock(clock)
                .build();
    }

    BackupProvider provider(Path backups) {
        return new BlobBackupProvider(new LocalBlobStore(backups));
    }
}
