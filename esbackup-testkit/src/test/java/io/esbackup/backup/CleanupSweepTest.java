package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.blob.RetryingBlobStore;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.FileEventStore;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.FaultyBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cleanupExpiredBackups} sweeps the temporary files of abandoned writes older than the grace period
 * from the backups' and the event store's folders (through wrappers too), counts them in the report, and
 * in a dry run removes nothing.
 */
class CleanupSweepTest {
    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    @TempDir
    Path root;

    @Test
    void oldTemporaryFilesInBothFoldersAreSweptAndYoungOnesKept() throws IOException {
        Path storeDir = root.resolve("store");
        Path backupsDir = root.resolve("backups");
        FileEventStore store = new FileEventStore(storeDir);
        Streams.create(store, "Order", "o-1", 3, null);
        // The provider's store is wrapped as the CLI and FaultyStorageTest wrap it: the capability passes through.
        BlobBackupProvider provider = new BlobBackupProvider(new RetryingBlobStore(
                new FaultyBlobStore(new LocalBlobStore(backupsDir), 1), new Random(1)));
        BackupRestoreService service = BackupRestoreService.builder(store, provider)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        service.backupStream("Order", "o-1");
        Path oldBackupTemp = temp(backupsDir.resolve("backups/Order/o-1/.esb-tmp-a"), NOW.minus(Duration.ofHours(2)));
        Path oldIndexTemp = temp(backupsDir.resolve("backup-index/.esb-tmp-b"), NOW.minus(Duration.ofHours(3)));
        Path oldStoreTemp = temp(storeDir.resolve("order/.esb-tmp-c"), NOW.minus(Duration.ofDays(2)));
        Path youngStoreTemp = temp(storeDir.resolve("object-document-store/Order/.esb-tmp-d"),
                NOW.minus(Duration.ofMinutes(30)));

        CleanupReport dry = service.cleanupExpiredBackups(true);
        assertThat(dry.temporaryFiles()).isEqualTo(3);
        assertThat(dry.isEmpty()).isFalse();
        assertThat(dry.deletedCount()).as("temporary files are not backups").isZero();
        assertThat(oldBackupTemp).exists();
        assertThat(oldStoreTemp).exists();

        CleanupReport report = service.cleanupExpiredBackups(false);
        assertThat(report.temporaryFiles()).isEqualTo(3);
        assertThat(oldBackupTemp).doesNotExist();
        assertThat(oldIndexTemp).doesNotExist();
        assertThat(oldStoreTemp).doesNotExist();
        assertThat(youngStoreTemp).exists();
        assertThat(service.listBackups()).hasSize(1);
        assertThat(service.validateBackup(service.listBackups().get(0)).valid()).isTrue();
        assertThat(service.cleanupExpiredBackups(false).isEmpty()).isTrue();
    }

    @Test
    void oneFolderForBothIsSweptOnce() throws IOException {
        LocalBlobStore shared = new LocalBlobStore(root);
        BackupRestoreService service = BackupRestoreService.builder(new BlobEventStore(shared),
                new BlobBackupProvider(shared)).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        temp(root.resolve("x/.esb-tmp-1"), NOW.minus(Duration.ofDays(1)));

        assertThat(service.cleanupExpiredBackups(true).temporaryFiles()).isEqualTo(1);
    }

    @Test
    void storesWithoutTemporaryFilesReportNone() {
        BackupRestoreService service = new BackupRestoreService(new InMemoryEventStore(),
                new BlobBackupProvider(new InMemoryBlobStore()));
        CleanupReport report = service.cleanupExpiredBackups(false);
        assertThat(report.temporaryFiles()).isZero();
        assertThat(report.isEmpty()).isTrue();
    }

    private static Path temp(Path p, Instant modified) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "partial");
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }
}
