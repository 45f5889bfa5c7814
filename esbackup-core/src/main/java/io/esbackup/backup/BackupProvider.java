package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobWriter;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where backups are kept and how they are found. The manifests are the source of truth: listing and
 * lookup read them, so no registry is needed. Writes are create-only: a backup is never overwritten.
 */
public interface BackupProvider {

    /**
     * Writes the archive (create-only); a failed writer leaves nothing. Reserves the backup id first.
     *
     * @throws io.esbackup.error.BackupIdTakenException if another backup holds the id; nothing was written
     */
    BlobInfo writeArchive(BackupLocation location, BlobWriter archive);

    /**
     * Writes the manifest (create-only): the commit point that makes the backup visible. Fails, committing
     * nothing, if the archive is no longer there.
     */
    void writeManifest(BackupLocation location, BackupManifest manifest);

    /**
     * As {@link #writeManifest(BackupLocation, BackupManifest)}; with {@code mayHaveBeenSwept} false the
     * caller knows that no clean-up can have taken this backup's unfinished parts yet (it began less than
     * half a grace period ago), so a provider may skip checking that they are still there. The default
     * always checks.
     */
    default void writeManifest(BackupLocation location, BackupManifest manifest, boolean mayHaveBeenSwept) {
        writeManifest(location, manifest);
    }

    /** Where the backup with this id is kept, as recorded when its id was reserved; found without scanning. */
    Optional<BackupLocation> locate(UUID backupId);

    /** The manifest at {@code location}, if the backup there is finished. */
    Optional<BackupManifest> readManifest(BackupLocation location);

    /** The manifest of a finished backup, found without scanning other backups. */
    default Optional<BackupManifest> findManifest(UUID backupId) {
        return locate(backupId).flatMap(this::readManifest);
    }

    /** The archive's stored bytes; {@code NotFoundException} if missing. Close it. */
    InputStream openArchive(BackupLocation location);

    /**
     * The manifests that may match {@code query} (the caller filters exactly), lazily; only manifests whose
     * ids agree with where they are stored. Close the stream.
     */
    Stream<BackupManifest> listManifests(BackupQuery query);

    /**
     * The id of every backup this provider has reserved, finished or not, lazily, even where a manifest
     * cannot be read (so that a full validation can report it). Close the stream.
     */
    Stream<UUID> listBackupIds();

    /** Archives (and id reservations) without a manifest, lazily. Close the stream. */
    Stream<UnfinishedBackup> listUnfinished();

    /** Deletes the manifest first (so the backup vanishes at once), then the archive and the id. */
    void delete(BackupLocation location);

    /**
     * Removes what {@code unfinished} found (an archive and its id, or an id alone) if it is still unfinished,
     * checked again now: never a manifest, never an archive of a backup that has meanwhile committed.
     *
     * @return whether anything was removed
     */
    boolean discardUnfinished(UnfinishedBackup unfinished);

    /** The key or URI at which the archive of {@code location} is stored, for display. */
    default String describe(BackupLocation location) {
        return location.toString();
    }
}
