package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.blob.AbandonedWrites;
import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupIdTakenException;
import io.esbackup.error.NotFoundException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups on any {@link BlobStore}, in the reference's layout:
 * {@code backups/[{location}/]{objectName}/{objectId}/{backupId}.json} (the archive) and {@code .meta} (its
 * manifest), plus {@code backup-index/{backupId}}, a small pointer written first so a backup is found by
 * id without scanning and two backups can never claim one id (one lost, as in a copy of {@code backups/} alone,
 * is made again from its manifest's key: {@link IdPointers}); and the packs of bulk runs
 * ({@link PackedBackups}, under {@code packs/}), whose backups are found by id through their id's shape; and
 * the leases of scheduled jobs ({@link JobLocks}, under {@code locks/}). It takes copied backups
 * ({@link BackupImports}).
 * Local, Azure and S3 backups share this implementation.
 */
public class BlobBackupProvider implements BackupProvider, UnfinishedBackups, PackedBackups {
    static final String BACKUPS = "backups/";
    static final String INDEX = "backup-index/";
    private static final Logger LOG = LoggerFactory.getLogger(BlobBackupProvider.class);

    private final BlobStore blobs;
    private final BlobPacks packs;
    private final JobLocks jobLocks;
    private final DataKeys dataKeys;
    private final BackupImports imports;
    private final IdPointers idPointers;

    /** Backups in {@code blobs}; its {@link JobLocks} read the system clock. */
    public BlobBackupProvider(BlobStore blobs) {
        this(blobs, Clock.systemUTC());
    }

    /** Backups in {@code blobs}; its {@link JobLocks} read {@code clock}. */
    public BlobBackupProvider(BlobStore blobs, Clock clock) {
        if (blobs == null || clock == null) {
            throw new IllegalArgumentException((blobs == null ? "blobs" : "clock") + " must not be null");
        }
        this.blobs = blobs;
        this.packs = new BlobPacks(blobs);
        this.jobLocks = new BlobJobLocks(blobs, clock);
        this.dataKeys = new BlobDataKeys(blobs, clock);
        this.imports = new BlobImports(blobs, packs, clock);
        this.idPointers = new BlobIdPointers(blobs);
    }

    @Override
    public PackRun startPackRun(UUID seed, PackLimits limits) {
        if (seed == null || limits == null) {
            throw new IllegalArgumentException((seed == null ? "seed" : "limits") + " must not be null");
        }
        return new BlobPackRun(blobs, PackedId.runFrom(seed), limits);
    }

    @Override
    public PackSweep sweepPacks(Instant modifiedBefore, boolean dryRun) {
        if (modifiedBefore == null) {
            throw new IllegalArgumentException("modifiedBefore must not be null");
        }
        return packs.sweep(modifiedBefore, dryRun);
    }

    /**
     * The packed entry with this id, if the id has a packed id's shape and its run committed. An id of that
     * shape drawn at random (a test's generator) falls through to the id pointer: its run does not exist.
     */
    private Optional<BlobPacks.Found> packed(UUID backupId) {
        return PackedId.of(backupId).flatMap(packs::find);
    }

    public BlobStore blobs() {
        return blobs;
    }

    @Override
    public BlobInfo writeArchive(BackupLocation location, BlobWriter archive) {
        // Every key is checked by the store before anything is written, so a location the store cannot
        // hold (too long a key, a name the file system refuses) leaves no id pointer behind.
        blobs.checkKey(archiveKey(location));
        blobs.checkKey(manifestKey(location));
        try {
            blobs.write(indexKey(location.backupId()), WriteCondition.createOnly(), BlobIdPointers.bytes(location));
        } catch (AlreadyExistsException e) {
            throw new BackupIdTakenException(location.backupId(), e);
        }
        return blobs.write(archiveKey(location), WriteCondition.createOnly(), archive);
    }

    @Override
    public void writeManifest(BackupLocation location, BackupManifest manifest) {
        writeManifest(location, manifest, true);
    }

    /**
     * A young backup skips the two checks below: on Azure they are two of a small backup's five requests.
     */
    @Override
    public void writeManifest(BackupLocation location, BackupManifest manifest, boolean mayHaveBeenSwept) {
        if (mayHaveBeenSwept) {
            restoreReservation(location);
        }
        commit(location, manifest);
    }

    /**
     * A clean-up may have taken a long-running backup's id pointer for a stale reservation: put it back
     * before the commit, and make sure the archive is still there to commit.
     */
    private void restoreReservation(BackupLocation location) {
        // The archive first: without it there is nothing to commit, and no pointer to put back for it.
        if (blobs.stat(archiveKey(location)).isEmpty()) {
            throw new NotFoundException("archive " + archiveKey(location) + " vanished before its manifest was "
                    + "written (removed by a clean-up?); the backup was not committed");
        }
        if (blobs.stat(indexKey(location.backupId())).isEmpty()) {
            try {
                blobs.write(indexKey(location.backupId()), WriteCondition.createOnly(), BlobIdPointers.bytes(location));
            } catch (AlreadyExistsException e) {
                // put back meanwhile by someone else: there, as it should be
            }
        }
    }

    private void commit(BackupLocation location, BackupManifest manifest) {
        byte[] bytes = ManifestCodec.toBytes(manifest);
        try {
            blobs.write(manifestKey(location), WriteCondition.createOnly(), bytes);
        } catch (AlreadyExistsException e) {
            // A retried write whose first attempt committed but failed to answer (a timeout) finds its own
            // manifest. The manifest names its backup id and instant, so the same bytes are ours: committed.
            if (!blobs.readAllBytes(manifestKey(location)).map(b -> Arrays.equals(b, bytes)).orElse(false)) {
                throw e;
            }
            LOG.debug("The manifest {} was already written by an earlier attempt", manifestKey(location));
        }
    }

    @Override
    public Optional<BackupManifest> readManifest(BackupLocation location) {
        Optional<BlobPacks.Found> entry = packed(location.backupId());
        if (entry.isPresent()) {
            return entry.filter(e -> e.location().equals(location)).map(BlobPacks.Found::manifest);
        }
        return blobs.readAllBytes(manifestKey(location)).map(ManifestCodec::fromBytes);
    }

    @Override
    public Optional<BackupManifest> findManifest(UUID backupId) {
        Optional<BlobPacks.Found> entry = packed(backupId);
        return entry.isPresent() ? entry.map(BlobPacks.Found::manifest) : BackupProvider.super.findManifest(backupId);
    }

    @Override
    public Optional<BackupLocation> locate(UUID backupId) {
        Optional<BlobPacks.Found> entry = packed(backupId);
        if (entry.isPresent()) {
            return entry.map(BlobPacks.Found::location);
        }
        return blobs.readAllBytes(indexKey(backupId)).map(bytes -> BlobIdPointers.read(backupId, bytes));
    }

    @Override
    public InputStream openArchive(BackupLocation location) {
        Optional<BlobPacks.Found> entry = packed(location.backupId()).filter(e -> e.location().equals(location));
        if (entry.isPresent()) {
            return packs.openArchive(entry.get());
        }
        return blobs.read(archiveKey(location)).map(Blob::content)
                .orElseThrow(() -> new NotFoundException("archive " + archiveKey(location) + " is missing"));
    }

    @Override
    public Stream<BackupManifest> listManifests(BackupQuery query) {
        StringBuilder prefix = new StringBuilder(BACKUPS);
        if (query.location() != null) {
            prefix.append(query.location()).append('/');
        }
        // Without a location, backups in sub-folders match too, so the prefix cannot narrow by object name.
        if (query.location() != null && query.objectName() != null) {
            prefix.append(query.objectName()).append('/');
            if (query.objectId() != null) {
                prefix.append(query.objectId()).append('/');
            }
        }
        Stream<BackupManifest> single = blobs.list(prefix.toString())
                .filter(b -> b.key().endsWith(".meta"))
                .map(b -> listed(b.key()))
                .flatMap(Optional::stream);
        return Stream.concat(single, Stream.of(packs).flatMap(BlobPacks::listManifests));
    }

    /**
     * One aggregate's folder, {@code backups/[{location}/]{objectName}/{objectId}/} (in the default location
     * too, since a sub-folder's backups under that prefix say another location and are left out), and its packed
     * backups, which take a read of every pack index: packs are kept by run, not by aggregate.
     */
    @Override
    public Stream<BackupManifest> listAggregateManifests(String location, String objectName, String objectId) {
        String prefix = BACKUPS + (location == null ? "" : location + "/") + objectName + "/" + objectId + "/";
        Stream<BackupManifest> own = blobs.list(prefix)
                .filter(b -> b.key().endsWith(".meta"))
                .map(b -> listed(b.key()))
                .flatMap(Optional::stream);
        // Packed backups are kept by run, not by aggregate: finding one aggregate's reads every pack index.
        return Stream.concat(own, Stream.of(packs).flatMap(BlobPacks::listManifests))
                .filter(m -> java.util.Objects.equals(location, m.location()) && objectName.equals(m.objectName())
                        && objectId.equals(m.objectId()));
    }

    /** The manifest at {@code key} if it is readable and names the backup stored there; else a warning. */
    private Optional<BackupManifest> listed(String key) {
        try {
            Optional<BackupManifest> m = blobs.readAllBytes(key).map(ManifestCodec::fromBytes);
            Optional<BackupLocation> at = BlobIdPointers.parseKey(key);
            if (m.isPresent() && (at.isEmpty() || !at.get().equals(BackupLocation.of(m.get())))) {
                LOG.warn("Skipping manifest {}: it names backup {} of {}/{}, which is not where it is stored", key,
                        m.get().backupId(), m.get().objectName(), m.get().objectId());
                return Optional.empty();
            }
            return m;
        } catch (ArchiveFormatException | IllegalArgumentException e) {
            LOG.warn("Skipping unreadable manifest {}: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Its own capabilities, {@link JobLocks} (leases under {@code locks/} in its blob storage), {@link DataKeys}
     * (under {@code keys/}), {@link IdPointers} (its {@code backup-index/} pointers, checked and recreated from the
     * manifests' keys), and
     * {@link AbandonedWrites} where its blob storage has it: backups kept in a local folder leave temporary files
     * that a clean-up sweeps.
     */
    @Override
    public <T> Optional<T> capability(Class<T> type) {
        if (type == AbandonedWrites.class) {
            return blobs.capability(type);
        }
        if (type == JobLocks.class) {
            return Optional.of(type.cast(jobLocks));
        }
        if (type == DataKeys.class) {
            return Optional.of(type.cast(dataKeys));
        }
        if (type == BackupImports.class) {
            return Optional.of(type.cast(imports));
        }
        if (type == IdPointers.class) {
            return Optional.of(type.cast(idPointers));
        }
        return BackupProvider.super.capability(type);
    }

    /**
     * The ids of its pointers and of its packed backups: a backup whose manifest cannot be read is named too. A
     * backup whose pointer is missing is not; {@link IdPointers#listManifestLocations} lists it.
     */
    @Override
    public Stream<UUID> listBackupIds() {
        return Stream.concat(pointedIds(), Stream.of(packs).flatMap(BlobPacks::listIds));
    }

    private Stream<UUID> pointedIds() {
        return blobs.list(INDEX).map(b -> b.key().substring(INDEX.length())).flatMap(name -> {
            try {
                return Stream.of(UUID.fromString(name));
            } catch (IllegalArgumentException e) {
                return Stream.empty(); // not one of ours
            }
        });
    }

    @Override
    public Stream<UnfinishedBackup> listUnfinished() {
        Stream<UnfinishedBackup> archives = blobs.list(BACKUPS)
                .filter(b -> b.key().endsWith(".json"))
                .map(b -> BlobIdPointers.parseKey(b.key()).filter(loc -> absent(manifestKey(loc)))
                        .map(loc -> new UnfinishedBackup(loc, b.key(), b.lastModified())))
                .flatMap(Optional::stream);
        Stream<UnfinishedBackup> reservations = blobs.list(INDEX)
                .map(b -> reservation(b).filter(loc -> absent(archiveKey(loc)) && absent(manifestKey(loc)))
                        .map(loc -> new UnfinishedBackup(loc, b.key(), b.lastModified())))
                .flatMap(Optional::stream);
        return Stream.concat(archives, reservations);
    }

    /** Whether {@code key} is surely absent; a key the store cannot even check is left alone (logged). */
    private boolean absent(String key) {
        try {
            return blobs.stat(key).isEmpty();
        } catch (RuntimeException e) {
            LOG.warn("Leaving {} alone: it cannot be checked: {}", key, e.getMessage());
            return false;
        }
    }

    private Optional<BackupLocation> reservation(BlobInfo b) {
        try {
            return locate(UUID.fromString(b.key().substring(INDEX.length())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(BackupLocation location) {
        Optional<BlobPacks.Found> entry = packed(location.backupId()).filter(e -> e.location().equals(location));
        if (entry.isPresent()) {
            packs.delete(entry.get().id());
            return;
        }
        // The manifest alone first: if it cannot go, the backup stays whole (found by id, so deleting it again
        // works); going on would leave a listed manifest whose pointer is gone, which no delete by id could reach.
        blobs.delete(manifestKey(location));
        deleteAll(archiveKey(location), indexKey(location.backupId()));
    }

    @Override
    public boolean discardUnfinished(UnfinishedBackup unfinished) {
        BackupLocation loc = unfinished.location();
        // Checked again right before deleting: the backup may have finished, or published its archive,
        // since it was listed.
        if (blobs.stat(manifestKey(loc)).isPresent()) {
            return false;
        }
        if (unfinished.key().startsWith(INDEX)) {
            return blobs.stat(archiveKey(loc)).isEmpty() && blobs.delete(unfinished.key());
        }
        deleteAll(archiveKey(loc), indexKey(loc.backupId()));
        return true;
    }

    /** Deletes each key, even when an earlier one fails; the first failure is thrown at the end. */
    private void deleteAll(String... keys) {
        RuntimeException failure = null;
        for (String key : keys) {
            try {
                blobs.delete(key);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String describe(BackupLocation location) {
        return PackedId.of(location.backupId()).isPresent() ? BlobPacks.describe(location.backupId())
                : archiveKey(location);
    }

    static String folder(BackupLocation l) {
        return BACKUPS + (l.subfolder() == null ? "" : l.subfolder() + "/") + l.objectName() + "/" + l.objectId() + "/";
    }

    public static String archiveKey(BackupLocation l) {
        return folder(l) + l.backupId() + ".json";
    }

    public static String manifestKey(BackupLocation l) {
        return folder(l) + l.backupId() + ".meta";
    }

    static String indexKey(UUID backupId) {
        return INDEX + backupId;
    }
}
