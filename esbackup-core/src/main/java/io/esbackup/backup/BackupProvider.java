package io.esbackup.backup;

import io.esbackup.Capable;
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
 *
 * <p>Six methods to write; the rest are defaults built on them. Optional capabilities, found with
 * {@link #capability}: {@link UnfinishedBackups} (a provider whose archive and manifest are written apart,
 * so a backup can be left unfinished), {@link io.esbackup.blob.AbandonedWrites} (one kept in files) and
 * {@link JobLocks} (leases of scheduled jobs, kept with the backups).
 */
public interface BackupProvider extends Capable {

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

    /**
     * Where the backup with this id is kept, even when its manifest cannot be read. The default looks for its
     * manifest among all of them; a provider that records where each id is (the blob provider's id pointers)
     * finds it without scanning, and should.
     */
    default Optional<BackupLocation> locate(UUID backupId) {
        String id = backupId.toString();
        try (Stream<BackupManifest> all = listManifests(BackupQuery.builder().includeExpired(true).build())) {
            return all.filter(m -> m.backupId().equals(id)).findFirst().map(BackupLocation::of);
        }
    }

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
     * The manifests of one aggregate's backups in exactly one location ({@code null}: the default one), lazily,
     * for an incremental backup looking for its parent. The default filters {@link #listManifests}; a provider
     * that can list one aggregate's backups alone should. Close the stream.
     */
    default Stream<BackupManifest> listAggregateManifests(String location, String objectName, String objectId) {
        BackupQuery query = BackupQuery.builder().objectName(objectName).objectId(objectId).location(location)
                .includeExpired(true).build();
        return listManifests(query).filter(m -> java.util.Objects.equals(location, m.location())
                && objectName.equals(m.objectName()) && objectId.equals(m.objectId()));
    }

    /**
     * The id of every backup this provider holds, lazily, for a full validation. The default lists the
     * readable manifests; a provider that can also name backups whose manifest cannot be read (so that the
     * validation reports them) should. Close the stream.
     */
    default Stream<UUID> listBackupIds() {
        return listManifests(BackupQuery.builder().includeExpired(true).build())
                .map(m -> UUID.fromString(m.backupId()));
    }

    /** Deletes the manifest first (so the backup vanishes at once), then the archive and the id. */
    void delete(BackupLocation location);

    /** The key or URI at which the archive of {@code location} is stored, for display. */
    default String describe(BackupLocation location) {
        return location.toString();
    }
}
