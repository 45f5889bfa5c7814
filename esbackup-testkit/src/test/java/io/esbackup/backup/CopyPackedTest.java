package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.InMemoryEventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copyTo} and packed backups: a packed backup arrives as a single one, and copying it back where it is
 * still packed (a disaster-recovery copy copied home again, or a copy onto a copy of the folder) finds it there
 * and skips it, rather than storing it a second time beside its pack.
 */
class CopyPackedTest {
    @TempDir
    Path dir;

    final InMemoryEventStore store = new InMemoryEventStore();
    final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T00:00:00Z"));

    BackupRestoreService service(Path backups) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(new LocalBlobStore(backups))).clock(clock)
                .build();
    }

    static List<UUID> listedIds(BackupRestoreService service) {
        return service.listBackups(BackupQuery.builder().includeExpired(true).build()).stream()
                .map(BackupHandle::backupId).toList();
    }

    @Test
    void copyingBackHomeWhereTheyArePackedSkipsThemAndStoresNothingTwice() {
        BackupRestoreService home = service(dir.resolve("home"));
        List<String> ids = List.of("p-1", "p-2", "p-3");
        ids.forEach(id -> Streams.create(store, "Invoice", id, 2, null));
        List<BackupHandle> all = new ArrayList<>(home.backupMany(ids, "Invoice",
                BulkBackupOptions.builder().pack(true).maxConcurrency(1).build()).successfulBackups());
        Streams.create(store, "Order", "o-1", 4, null);
        all.add(home.backupStream("Order", "o-1"));
        assertThat(all).hasSize(4);
        CopyReport out = home.copyTo(new BlobBackupProvider(new LocalBlobStore(dir.resolve("dr"))),
                CopyTest.ALL, CopyOptions.DEFAULT);
        assertThat(out.copied()).isEqualTo(4);

        CopyReport back = service(dir.resolve("dr")).copyTo(new BlobBackupProvider(new LocalBlobStore(
                dir.resolve("home"))), CopyTest.ALL, CopyOptions.DEFAULT);

        assertThat(back.failures()).isEmpty();
        assertThat(back.copied()).as("home holds every one of them already").isZero();
        assertThat(back.skipped()).isEqualTo(4);
        assertThat(listedIds(service(dir.resolve("home")))).as("each once").hasSize(4)
                .containsExactlyInAnyOrderElementsOf(CopyTest.ids(all));
    }

    @Test
    void aPackedBackupAskedForByIdWhereItIsPackedIsSkipped() {
        BackupRestoreService home = service(dir.resolve("home"));
        Streams.create(store, "Invoice", "p-1", 2, null);
        BackupHandle packed = home.backupMany(List.of("p-1"), "Invoice",
                BulkBackupOptions.builder().pack(true).build()).successfulBackups().get(0);
        home.copyTo(new BlobBackupProvider(new LocalBlobStore(dir.resolve("dr"))), List.of(packed.backupId()),
                CopyOptions.DEFAULT);

        CopyReport back = service(dir.resolve("dr")).copyTo(new BlobBackupProvider(new LocalBlobStore(
                dir.resolve("home"))), List.of(packed.backupId()), CopyOptions.DEFAULT);

        assertThat(back.skipped()).isEqualTo(1);
        assertThat(back.copied()).isZero();
        assertThat(listedIds(service(dir.resolve("home")))).containsExactly(packed.backupId());
    }

    @Test
    void aPackedBackupCopiedAsASingleOneIsFoundDeletedAndCleanedUpByItsIdAtTheDestination() {
        BackupRestoreService home = service(dir.resolve("home"));
        List<String> ids = List.of("p-1", "p-2");
        ids.forEach(id -> Streams.create(store, "Invoice", id, 2, null));
        List<BackupHandle> packed = home.backupMany(ids, "Invoice",
                BulkBackupOptions.builder().pack(true).maxConcurrency(1).build()).successfulBackups();
        assertThat(packed).allSatisfy(h -> assertThat(PackedId.of(h.backupId())).isPresent());
        home.copyTo(new BlobBackupProvider(new LocalBlobStore(dir.resolve("dr"))), List.of(packed.get(0).backupId()),
                CopyOptions.DEFAULT);
        // The other one's copy killed after its pointer: an unfinished import with a packed id.
        io.esbackup.testkit.FaultyBlobStore dying = new io.esbackup.testkit.FaultyBlobStore(
                new LocalBlobStore(dir.resolve("dr")));
        KilledRuns.kill(dying, 2);
        assertThat(home.copyTo(new BlobBackupProvider(dying), List.of(packed.get(1).backupId()), CopyOptions.DEFAULT)
                .failed()).isEqualTo(1);
        BackupRestoreService dr = BackupRestoreService.builder(store, new BlobBackupProvider(new LocalBlobStore(
                dir.resolve("dr")))).clock(java.time.Clock.offset(java.time.Clock.systemUTC(),
                java.time.Duration.ofHours(2))).build();

        assertThat(dr.getBackup(packed.get(0).backupId())).isPresent();
        assertThat(dr.validateBackup(packed.get(0).backupId()).problems()).isEmpty();
        CleanupReport cleaned = dr.cleanupExpiredBackups();
        assertThat(cleaned.unfinished()).extracting(u -> u.location().backupId())
                .containsExactly(packed.get(1).backupId());
        assertThat(dr.deleteBackup(packed.get(0).backupId())).isTrue();
        assertThat(dr.getBackup(packed.get(0).backupId())).isEmpty();
        assertThat(listedIds(dr)).isEmpty();
        assertThat(dir.resolve("dr").resolve(BlobBackupProvider.INDEX)).isEmptyDirectory();
    }
}
