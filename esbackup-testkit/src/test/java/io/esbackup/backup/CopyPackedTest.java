package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.ConflictException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code copyTo} and packed backups: a packed backup arrives as a single one, and copying it back where it is
 * still packed (a disaster-recovery copy copied home again, or a copy onto a copy of the folder) finds it there
 * and skips it, rather than storing it a second time beside its pack.
 */
class CopyPackedTest extends FolderCopyFixture {
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

    /**
     * A destination holding a packed backup in another location than the copy's (its manifest names another one)
     * is a conflict when the destination is looked at first; it must be one too where the destination was listed
     * (Azure, S3: a listing of manifests never shows a pack) and only the import finds the pack.
     */
    @Test
    void aPackedBackupThereInAnotherLocationIsAConflictWhereTheDestinationWasListed() throws Exception {
        InMemoryBlobStore homeBlobs = new InMemoryBlobStore(clock);
        BackupRestoreService home = BackupRestoreService.builder(store, new BlobBackupProvider(homeBlobs))
                .clock(clock).build();
        Streams.create(store, "Invoice", "p-1", 2, null);
        BackupHandle packed = home.backupMany(List.of("p-1"), "Invoice",
                BulkBackupOptions.builder().pack(true).build()).successfulBackups().get(0);
        // The same backup, single, in another location of another store (its files moved there by hand).
        BackupManifest moved = withLocation(packed.manifest(), "moved");
        BackupLocation at = BackupLocation.of(moved);
        byte[] archive;
        try (InputStream in = new BlobBackupProvider(homeBlobs).openArchive(BackupLocation.of(packed.manifest()))) {
            archive = in.readAllBytes();
        }
        InMemoryBlobStore otherBlobs = new InMemoryBlobStore(clock);
        otherBlobs.write(BlobBackupProvider.indexKey(packed.backupId()), WriteCondition.createOnly(),
                BlobIdPointers.bytes(at));
        otherBlobs.write(BlobBackupProvider.archiveKey(at), WriteCondition.createOnly(), archive);
        otherBlobs.write(BlobBackupProvider.manifestKey(at), WriteCondition.createOnly(), ManifestCodec.toBytes(moved));
        BackupRestoreService other = BackupRestoreService.builder(store, new BlobBackupProvider(otherBlobs))
                .clock(clock).build();

        CopyReport report = other.copyTo(new BlobBackupProvider(homeBlobs), List.of(packed.backupId()),
                CopyOptions.DEFAULT);

        assertThat(report.skipped()).as("not the copy's backup: another location").isZero();
        assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.exception())
                .isInstanceOf(ConflictException.class).hasMessageContaining("holds packed backup"));
    }

    /** {@code m} with another location: a record copied component by component. */
    static BackupManifest withLocation(BackupManifest m, String location) throws Exception {
        RecordComponent[] components = BackupManifest.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getName().equals("location") ? location
                    : components[i].getAccessor().invoke(m);
        }
        return BackupManifest.class.getDeclaredConstructor(types).newInstance(values);
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
