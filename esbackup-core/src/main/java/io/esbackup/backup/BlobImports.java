package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.archive.Sha256;
import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.GroupCommit;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.NotFoundException;
import io.esbackup.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlobBackupProvider}'s {@link BackupImports}: a copied backup is written as a backup of this store's own
 * (FORMAT.md section 3), single even when it was packed where it came from (a packed backup still in a pack here
 * is found there, and is this store's already), and an import that was interrupted
 * at any write is finished by the next one. Nothing here is overwritten but an empty pointer or archive (a batch's
 * write torn by a crash), and nothing deleted but what an import or a failed batch wrote itself: what else is in
 * the way and is not the backup's own is a {@link ConflictException}.
 */
final class BlobImports implements BackupImports {
    private static final Logger LOG = LoggerFactory.getLogger(BlobImports.class);

    // A clean-up of this store takes a reservation without archive or manifest for a stale one after its grace (an
    // hour by default): an import whose pointer is older than half that puts it back before its manifest.
    private static final Duration YOUNG = BackupRestoreService.DEFAULT_UNFINISHED_GRACE.dividedBy(2);

    /**
     * How young a manifest found here is when a batch makes its backup durable again before counting it: one an
     * earlier batch wrote and was killed before committing may still be only in memory, for as long as the system
     * delays write-back (30 s by default on Linux; ten minutes leaves room for longer settings).
     */
    static final Duration UNCOMMITTED_AT_MOST = Duration.ofMinutes(10);

    /** The most manifests a presence listing keeps: 8 bytes each, 32 MB. */
    static final int PRESENCE_AT_MOST = 4_000_000;

    private final BlobStore blobs;
    private final BlobPacks packs;
    private final Clock clock;

    BlobImports(BlobStore blobs, BlobPacks packs, Clock clock) {
        this.blobs = blobs;
        this.packs = packs;
        this.clock = clock;
    }

    @Override
    public Optional<BackupManifest> imported(BackupManifest manifest) {
        BackupLocation at = BackupLocation.of(manifest);
        try {
            // A packed id may name a live entry of a pack here (a copy copied home, or onto a copy of this store):
            // that is the backup, and a single one beside it would list it twice.
            Optional<BackupManifest> packed = packedHere(at);
            if (packed.isPresent()) {
                return packed;
            }
            return blobs.readAllBytes(BlobBackupProvider.manifestKey(at)).map(ManifestCodec::fromBytes);
        } catch (ArchiveFormatException e) {
            throw new ConflictException("the destination holds an unreadable manifest "
                    + BlobBackupProvider.manifestKey(at) + " where backup " + manifest.backupId() + " goes: "
                    + e.getMessage(), e);
        }
    }

    /** The live pack entry here with {@code at}'s packed id, if any; one in another location is a conflict. */
    private Optional<BackupManifest> packedHere(BackupLocation at) {
        Optional<BlobPacks.Found> packed = PackedId.of(at.backupId()).flatMap(packs::find);
        if (packed.isPresent() && !packed.get().location().equals(at)) {
            BackupLocation there = packed.get().location();
            throw new ConflictException("the destination holds packed backup " + at.backupId() + " of "
                    + there.objectName() + "/" + there.objectId() + (there.subfolder() == null ? "" : " in "
                    + there.subfolder()) + ", not of " + at.objectName() + "/" + at.objectId()
                    + (at.subfolder() == null ? "" : " in " + at.subfolder()));
        }
        return packed.map(BlobPacks.Found::manifest);
    }

    @Override
    public boolean importBackup(BackupManifest manifest, BlobWriter archive) {
        Optional<Staged> staged = stage(manifest, archive);
        if (staged.isEmpty()) {
            return false;
        }
        Staged s = staged.get();
        if (!s.found().isEmpty()) {
            // Taken from an earlier import, which may have been a batch that never committed: durable first.
            blobs.capability(GroupCommit.class).ifPresent(commits -> {
                try (GroupCommit.Group group = commits.begin()) {
                    s.found().forEach(group::include);
                    group.commit();
                }
            });
        }
        // The manifest is the commit point: one there already (another copy's, or a backup that had only lost its
        // pointer) means the backup was here, whatever else this call put back.
        return finish(s);
    }

    /**
     * Where a look costs a request: the manifests here, listed once (one request per few thousand on Azure and S3,
     * where each look is one), so that a copy asks only about the backups that may be here. Not for a store that
     * groups its writes: a local folder, where a look is a system call and a listing a walk of every folder.
     */
    @Override
    public Optional<Presence> presence() {
        if (blobs.capability(GroupCommit.class).isPresent()) {
            return Optional.empty();
        }
        ListedKeys listed;
        try (Stream<BlobInfo> all = blobs.list(BlobBackupProvider.BACKUPS)) {
            listed = ListedKeys.of(all.map(BlobInfo::key).filter(k -> k.endsWith(".meta")).iterator(),
                    PRESENCE_AT_MOST);
        } catch (BackupException e) {
            // Only a shortcut: a listing that fails (a page past the first is not retried; a credential may not
            // list) leaves each backup looked at, as before, rather than failing the copy.
            LOG.warn("Could not list the destination's manifests ({}): each backup is looked for there on its own",
                    e.toString());
            return Optional.empty();
        }
        if (listed == null) {
            LOG.info("The destination holds more than {} manifests: each backup is looked for there on its own",
                    PRESENCE_AT_MOST);
            return Optional.empty();
        }
        LOG.debug("The destination holds {} manifests", listed.size());
        return Optional.of(m -> listed.mayContain(BlobBackupProvider.manifestKey(BackupLocation.of(m))));
    }

    /** A local folder's writes can share their waits ({@link GroupCommit}): copies into it go in batches. */
    @Override
    public Optional<Batches> batches() {
        return blobs.capability(GroupCommit.class).map(commits -> () -> new GroupBatch(commits));
    }

    /**
     * An import with its pointer and archive in place, waiting for its manifest: {@code written} the keys it wrote
     * itself, {@code found} those an earlier import left that it takes as they are.
     */
    private record Staged(BackupManifest manifest, BackupLocation at, Instant started, boolean reserved,
                          List<String> written, List<String> found) {}

    /** Everything of an import but its manifest; empty if the backup is here already. */
    private Optional<Staged> stage(BackupManifest manifest, BlobWriter archive) {
        BackupLocation at = BackupLocation.of(manifest);
        String archiveKey = BlobBackupProvider.archiveKey(at);
        blobs.checkKey(archiveKey);
        blobs.checkKey(BlobBackupProvider.manifestKey(at));
        // Looked for here, not only in imported(): a copy that listed this store's manifests never saw a pack.
        Optional<BackupManifest> packed = packedHere(at);
        if (packed.isPresent()) {
            requireSame(manifest, packed.get());
            return Optional.empty();
        }
        Instant started = clock.instant();
        boolean reserved = reserve(at);
        if (!reserved) {
            // The pointer was there: from an earlier import, finished or not.
            Optional<BackupManifest> there = imported(manifest);
            if (there.isPresent()) {
                requireSame(manifest, there.get());
                return Optional.empty();
            }
        }
        List<String> written = new ArrayList<>(2);
        List<String> found = new ArrayList<>(2);
        (reserved ? written : found).add(BlobBackupProvider.indexKey(at.backupId()));
        try {
            // A pointer written just now means no earlier import got as far as the archive (clean-up takes a
            // reservation only when no archive is there), so the usual case costs no look first.
            Optional<BlobInfo> existing = reserved ? Optional.empty() : blobs.stat(archiveKey);
            if (existing.isEmpty()) {
                try {
                    blobs.write(archiveKey, WriteCondition.createOnly(), archive);
                    written.add(archiveKey);
                } catch (AlreadyExistsException e) {
                    existing = blobs.stat(archiveKey); // another import of it, just now: checked below
                }
            }
            if (existing.isPresent()) {
                (takeArchive(manifest, archiveKey, existing.get(), archive) ? found : written).add(archiveKey);
            }
        } catch (RuntimeException e) {
            if (reserved) {
                release(at, e);
            }
            throw e;
        }
        return Optional.of(new Staged(manifest, at, started, reserved, written, found));
    }

    /** The manifest of a staged import, which makes it a backup of this store; whether this call wrote it. */
    private boolean finish(Staged s) {
        reservationBack(s);
        return commit(s.manifest(), BlobBackupProvider.manifestKey(s.at()));
    }

    /** Puts back the pointer of a staged import if a clean-up may have taken it; returns whether it wrote one. */
    private boolean reservationBack(Staged s) {
        // A pointer found there (an earlier import's, of any age) or one written long ago may have been swept while
        // the archive was written: without it the backup would list but never be found by id.
        return (!s.reserved() || !clock.instant().isBefore(s.started().plus(YOUNG))) && restoreReservation(s.at());
    }

    /**
     * A batch over a {@link GroupCommit} group: pointers and archives written with the group open, one commit, the
     * manifests content first, one more commit. A crash before the first commit returns loses pointers and archives
     * only (an import the next one finishes, or a reservation a clean-up takes); before the second, manifests
     * too, never an archive a durable manifest names.
     */
    private final class GroupBatch implements Batch {
        private final GroupCommit.Group group;
        private final List<Staged> staged = new ArrayList<>();
        private final Set<String> foundHere = new HashSet<>();
        private final List<String> kept = new ArrayList<>();
        private boolean committed;

        GroupBatch(GroupCommit commits) {
            this.group = commits.begin();
        }

        @Override
        public boolean add(BackupManifest manifest, BlobWriter archive) {
            if (committed) {
                throw new IllegalStateException("the batch was committed; begin another");
            }
            Optional<Staged> s = stage(manifest, archive);
            s.ifPresent(staged::add);
            // What an earlier import left (a batch that may never have committed) is made durable with this one.
            s.ifPresent(st -> st.found().forEach(group::include));
            return s.isPresent();
        }

        @Override
        public void keep(BackupManifest manifest) {
            if (committed) {
                throw new IllegalStateException("the batch was committed; begin another");
            }
            BackupLocation at = BackupLocation.of(manifest);
            if (PackedId.of(at.backupId()).flatMap(packs::find).isPresent()) {
                return; // a pack's, committed by its run
            }
            String manifestKey = BlobBackupProvider.manifestKey(at);
            Optional<BlobInfo> info = blobs.stat(manifestKey);
            // Older than any write-back delay a system keeps by default (30 s on Linux): on disk since, as far as
            // anything can tell without an fsync of every file of every backup a refresh finds.
            if (info.isEmpty() || info.get().lastModified().isBefore(clock.instant().minus(UNCOMMITTED_AT_MOST))) {
                return;
            }
            group.include(BlobBackupProvider.indexKey(at.backupId()));
            group.include(BlobBackupProvider.archiveKey(at));
            group.include(manifestKey);
            kept.add(manifest.backupId());
        }

        @Override
        public Map<String, RuntimeException> commit() {
            if (committed) {
                throw new IllegalStateException("the batch was committed already");
            }
            committed = true;
            Map<String, RuntimeException> failures = new LinkedHashMap<>();
            if (staged.isEmpty() && kept.isEmpty()) {
                return failures;
            }
            try {
                group.commit();
            } catch (RuntimeException e) {
                // Backups found here stay as they are (not this batch's to take back): not counted as there.
                kept.forEach(id -> failures.put(id, e));
                // After a write-back error nothing of these writes is known to be on disk, and an fsync that then
                // succeeds proves nothing: this batch's own pointers and archives are taken back, so that the next
                // import writes them afresh rather than take them as they are. Not those another copy has meanwhile
                // committed a backup on (its manifest is there): that copy's report stands, and what is left of the
                // race is the moment between this look and the deletion.
                staged.forEach(s -> {
                    failures.put(s.manifest().backupId(), e);
                    if (blobs.stat(BlobBackupProvider.manifestKey(s.at())).isEmpty()) {
                        withdraw(s.written(), e);
                    }
                });
                return failures;
            }
            group.contentFirst();
            List<Staged> written = new ArrayList<>();
            List<String> manifests = new ArrayList<>();
            for (Staged s : staged) {
                try {
                    if (reservationBack(s)) {
                        // A pointer put back is durable before the manifest that needs it, as one by one: otherwise
                        // a crash could keep the manifest and lose the pointer, which no later copy puts back.
                        commitPointer(written, manifests, failures);
                    }
                    if (finishManifest(s)) {
                        manifests.add(BlobBackupProvider.manifestKey(s.at()));
                    } else {
                        foundHere.add(s.manifest().backupId());
                    }
                    written.add(s);
                } catch (RuntimeException e) {
                    failures.put(s.manifest().backupId(), e);
                }
            }
            if (!written.isEmpty()) {
                try {
                    group.commit();
                } catch (RuntimeException e) {
                    manifestsFailed(written, manifests, failures, e);
                }
            }
            return failures;
        }

        @Override
        public boolean foundHere(String backupId) {
            return foundHere.contains(backupId);
        }

        private boolean finishManifest(Staged s) {
            return BlobImports.this.commit(s.manifest(), BlobBackupProvider.manifestKey(s.at()));
        }

        /**
         * The manifests are there but not known to be durable: their backups are reported not imported, and the
         * manifests this batch wrote are taken back, so that the next import writes them again rather than count
         * the backups as here (their pointers and archives are durable since the first commit).
         */
        private void manifestsFailed(List<Staged> written, List<String> manifests,
                                     Map<String, RuntimeException> failures, RuntimeException e) {
            written.forEach(s -> failures.put(s.manifest().backupId(), e));
            withdraw(manifests, e);
            written.clear();
            manifests.clear();
        }

        /** Commits a pointer put back; if that fails, the manifests it covered fail with it (their commit did). */
        private void commitPointer(List<Staged> written, List<String> manifests,
                                   Map<String, RuntimeException> failures) {
            try {
                group.commit();
            } catch (RuntimeException e) {
                manifestsFailed(written, manifests, failures, e);
                throw e;
            }
        }

        @Override
        public void close() {
            group.close();
        }
    }

    /** Deletes what a failed batch wrote itself, newest first; what cannot be deleted a clean-up takes later. */
    private void withdraw(List<String> keys, RuntimeException cause) {
        for (int i = keys.size() - 1; i >= 0; i--) {
            try {
                blobs.delete(keys.get(i));
            } catch (RuntimeException e) {
                if (e != cause) {
                    cause.addSuppressed(e);
                }
            }
        }
    }

    /** Puts back the id pointer of {@code at} if it is gone (its archive must be there); returns whether it wrote it. */
    private boolean restoreReservation(BackupLocation at) {
        // The archive first: a clean-up may have taken a resumed import's old archive with the pointer.
        if (blobs.stat(BlobBackupProvider.archiveKey(at)).isEmpty()) {
            throw new NotFoundException("archive " + BlobBackupProvider.archiveKey(at) + " vanished before its "
                    + "manifest was written (removed by a clean-up of the destination?); not copied, copy again");
        }
        String key = BlobBackupProvider.indexKey(at.backupId());
        if (blobs.stat(key).isEmpty()) {
            try {
                blobs.write(key, WriteCondition.createOnly(), BlobIdPointers.bytes(at));
                LOG.debug("Put back the id pointer {}, taken by a clean-up while the archive was written", key);
                return true;
            } catch (AlreadyExistsException e) {
                reserve(at); // put back meanwhile by another import: it must say the same
            }
        }
        return false;
    }

    /** The id pointer, create-only; one already there must say the same. Returns whether this call wrote it. */
    private boolean reserve(BackupLocation at) {
        byte[] pointer = BlobIdPointers.bytes(at);
        String key = BlobBackupProvider.indexKey(at.backupId());
        try {
            blobs.write(key, WriteCondition.createOnly(), pointer);
            return true;
        } catch (AlreadyExistsException e) {
            Optional<Blob> blob = blobs.read(key);
            byte[] there = blob.map(BlobImports::bytes).orElse(null);
            if (there != null && there.length == 0) {
                // Empty: a pointer whose name outlived its content in a crash (a batch writes it without waiting).
                // No pointer is ever empty, so it is this import's own, torn: written again, if still the same.
                blobs.write(key, WriteCondition.ifMatch(blob.get().info().etag()), pointer);
                LOG.info("Rewrote the empty id pointer {}, left by a crash of an earlier import", key);
                return true;
            }
            if (there != null && !Arrays.equals(there, pointer)) {
                throw new ConflictException("the destination's id pointer " + key + " names another backup ("
                        + new String(there, java.nio.charset.StandardCharsets.UTF_8) + "), not " + at.objectName()
                        + "/" + at.objectId() + (at.subfolder() == null ? "" : " in " + at.subfolder()), e);
            }
            return false; // an earlier import's reservation, or removed just now: either way the archive decides
        }
    }

    /**
     * An archive already there is taken ({@code true}) only if it is exactly this backup's stored bytes; an empty one
     * (a crash kept its name and lost its content: a batch writes archives without waiting, and no archive is
     * empty) is written again ({@code false}), if still the same. Anything else is in the way.
     */
    private boolean takeArchive(BackupManifest m, String key, BlobInfo info, BlobWriter archive) {
        if (info.size() == m.storedSize() && m.sha256().equals(sha256(key))) {
            LOG.debug("Archive {} is there from an earlier import; committing it", key);
            return true;
        }
        // Only without a manifest: an empty archive under one is a broken backup, not an import to finish.
        if (info.size() == 0 && m.storedSize() > 0
                && blobs.stat(BlobBackupProvider.manifestKey(BackupLocation.of(m))).isEmpty()) {
            blobs.write(key, WriteCondition.ifMatch(info.etag()), archive);
            LOG.info("Rewrote the empty archive {}, left by a crash of an earlier import", key);
            return false;
        }
        throw new ConflictException("the destination holds an unfinished archive " + key + " (" + info.size()
                + " bytes) that is not backup " + m.backupId() + "'s (" + m.storedSize() + " bytes, SHA-256 "
                + m.sha256() + "); a clean-up of the destination removes it after its grace period");
    }

    /** Writes the manifest, create-only; one there must be this backup's. Returns whether this call wrote it. */
    private boolean commit(BackupManifest m, String key) {
        byte[] bytes = ManifestCodec.toBytes(m);
        try {
            blobs.write(key, WriteCondition.createOnly(), bytes);
            return true;
        } catch (AlreadyExistsException e) {
            requireSame(m, imported(m).orElseThrow(() -> e));
            return false;
        }
    }

    private static byte[] bytes(Blob blob) {
        try (Blob b = blob) {
            return b.content().readAllBytes();
        } catch (IOException e) {
            throw new StorageException("reading " + blob.info().key(), e);
        }
    }

    /** The backup there is this one: same id, aggregate, size and SHA-256 of the stored bytes. */
    private static void requireSame(BackupManifest wanted, BackupManifest there) {
        if (!there.backupId().equals(wanted.backupId()) || there.storedSize() != wanted.storedSize()
                || !there.sha256().equals(wanted.sha256()) || !there.objectName().equals(wanted.objectName())
                || !there.objectId().equals(wanted.objectId())) {
            throw new ConflictException("the destination holds another backup " + there.backupId() + " of "
                    + there.objectName() + "/" + there.objectId() + " (" + there.storedSize() + " bytes, SHA-256 "
                    + there.sha256() + ") where backup " + wanted.backupId() + " (" + wanted.storedSize()
                    + " bytes, SHA-256 " + wanted.sha256() + ") goes");
        }
    }

    /** Takes back this call's reservation when no archive made it; clean-up sweeps it if this fails too. */
    private void release(BackupLocation at, RuntimeException cause) {
        try {
            if (blobs.stat(BlobBackupProvider.archiveKey(at)).isEmpty()) {
                blobs.delete(BlobBackupProvider.indexKey(at.backupId()));
            }
        } catch (RuntimeException e) {
            if (e != cause) {
                cause.addSuppressed(e);
            }
        }
    }

    private String sha256(String key) {
        try (InputStream in = blobs.read(key).map(Blob::content).orElse(InputStream.nullInputStream())) {
            return Sha256.copy(in, OutputStream.nullOutputStream()).sha256();
        } catch (IOException e) {
            throw new StorageException("reading " + key, e);
        }
    }
}
