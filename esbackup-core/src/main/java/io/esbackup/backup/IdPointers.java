package io.esbackup.backup;

import java.util.stream.Stream;

/**
 * An optional capability of a {@link BackupProvider} that keeps an id pointer beside each backup's manifest
 * (docs/FORMAT.md section 2: {@code backup-index/{backupId}}), so that a backup is found by id without a listing.
 * The manifests are the truth; a pointer says nothing a manifest's key does not, so it can be made again from
 * where the manifest is stored. The service finds a backup whose pointer is missing (a copy of {@code backups/}
 * alone) through {@link #listManifestLocations}, and {@code BackupRestoreService.repair} recreates the missing
 * pointers through {@link #check} and {@link #recreate}. Found with
 * {@code provider.capability(IdPointers.class)}; {@link BlobBackupProvider} answers with it. Packed backups need
 * no pointer (their id says where they are) and are not listed here.
 */
public interface IdPointers {

    /**
     * Where every backup with a manifest of its own is stored, read from the manifests' keys alone (no manifest
     * or pointer is read), lazily and in no order: one listing of every key under {@code backups/}, about two
     * keys per backup. Unfinished backups (an archive without its manifest) are not listed. Close the stream.
     */
    Stream<BackupLocation> listManifestLocations();

    /** What the id pointer of the backup whose manifest is at {@code location} says: one small read. */
    PointerCheck check(BackupLocation location);

    /**
     * Writes the id pointer of the backup whose manifest is at {@code location}, create-only, with exactly the
     * bytes a backup writes (FORMAT.md section 2); {@code false} if a pointer is there already, which is never
     * overwritten. The caller checks that the manifest is there first.
     */
    boolean recreate(BackupLocation location);
}
