package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobKeys;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A {@link BackupRegistry} on any {@link BlobStore} (a folder, a container, a bucket), so that several services
 * share a registry with no database. Each entry is two small objects of its own, never a shared document, so
 * concurrent writers never lose each other's entries:
 * <ul>
 *   <li>{@code {prefix}by-id/{backupId}.json}: the manifest, which {@link #find} reads;</li>
 *   <li>{@code {prefix}by-name/{objectName}/{objectId}/{created}~{backupId}.json}: the manifest again, under keys
 *       a query by object name (and id) lists, with the creation time in the key ({@code created} is
 *       seconds and nanoseconds, zero-padded, so keys sort by time) to skip entries outside a created range
 *       unread.</li>
 * </ul>
 * A record writes the id's object, then the name's; a removal the name's, then the id's. The id's object is the
 * entry: a query by name reads each listed entry through it and skips a key that is not the entry's own (left
 * by records or removals of one id that raced). So an interrupted or racing one can leave an entry found by id
 * but missing from its name's listing (the registry fell behind, which
 * {@link BackupRestoreService#rebuildRegistry()} repairs), never one listed twice or listed when it is gone.
 */
public final class BlobBackupRegistry implements BackupRegistry {
    /** The default prefix: beside {@code backups/} and {@code backup-index/} in a provider's own store. */
    public static final String DEFAULT_PREFIX = "backup-registry/";
    private static final String BY_ID = "by-id/";
    private static final String BY_NAME = "by-name/";

    private final BlobStore blobs;
    private final String prefix;

    /** The registry under {@link #DEFAULT_PREFIX} of {@code blobs}. */
    public BlobBackupRegistry(BlobStore blobs) {
        this(blobs, DEFAULT_PREFIX);
    }

    /** The registry under {@code prefix} (ending with {@code /}) of {@code blobs}. */
    public BlobBackupRegistry(BlobStore blobs, String prefix) {
        if (blobs == null) {
            throw new IllegalArgumentException("blobs must not be null");
        }
        this.blobs = blobs;
        this.prefix = BlobKeys.requireFolder(prefix);
    }

    @Override
    public void record(BackupManifest manifest) {
        UUID id = BackupRegistry.requireRecordable(manifest);
        byte[] json = ManifestCodec.toBytes(manifest);
        Optional<BackupManifest> before = find(id);
        blobs.write(idKey(id), WriteCondition.overwrite(), json);
        blobs.write(nameKey(manifest), WriteCondition.overwrite(), json);
        // A manifest recorded again under another name or time leaves its old listing key behind: drop it.
        before.map(this::nameKey).filter(k -> !k.equals(nameKey(manifest))).ifPresent(blobs::delete);
    }

    @Override
    public boolean remove(UUID backupId) {
        if (backupId == null) {
            throw new IllegalArgumentException("backupId must not be null");
        }
        find(backupId).ifPresent(m -> blobs.delete(nameKey(m)));
        return blobs.delete(idKey(backupId));
    }

    @Override
    public Optional<BackupManifest> find(UUID backupId) {
        if (backupId == null) {
            throw new IllegalArgumentException("backupId must not be null");
        }
        return read(idKey(backupId));
    }

    /**
     * By object name (and id): one listing of the name's keys, each outside the created range skipped by its key,
     * the rest read. Without an object name: every entry read.
     */
    @Override
    public Stream<BackupManifest> query(BackupQuery query) {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        String listed = query.objectName() == null ? prefix + BY_ID
                : prefix + BY_NAME + query.objectName() + "/" + (query.objectId() == null ? "" : query.objectId() + "/");
        if (query.objectName() == null) {
            return blobs.list(listed).map(b -> read(b.key())).flatMap(Optional::stream).filter(query::matches);
        }
        return blobs.list(listed)
                .filter(b -> createdMayMatch(b, query))
                .map(b -> current(b.key()))
                .flatMap(Optional::stream)
                .filter(query::matches);
    }

    /**
     * The entry a by-name key lists, read through its by-id object, if that entry still has this key. Records and
     * removals of one id that race can leave a by-name key behind (the second record cannot delete a key the
     * first has not written yet); the by-id object tells the entry, so such a key is neither listed twice nor
     * listed after a removal. It stays until a {@link BackupRestoreService#rebuildRegistry() rebuild}: deleting
     * it here could race a record writing it again.
     */
    private Optional<BackupManifest> current(String nameKey) {
        int tilde = nameKey.lastIndexOf('~');
        if (tilde < 0 || !nameKey.endsWith(".json")) {
            return Optional.empty();
        }
        UUID id;
        try {
            id = UUID.fromString(nameKey.substring(tilde + 1, nameKey.length() - ".json".length()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return read(idKey(id)).filter(m -> nameKey(m).equals(nameKey));
    }

    /** Whether the creation time in a by-name key is inside the query's range (or the key has none). */
    private static boolean createdMayMatch(BlobInfo blob, BackupQuery query) {
        String name = blob.key().substring(blob.key().lastIndexOf('/') + 1);
        int tilde = name.indexOf('~');
        if (tilde != 21) {
            return true;
        }
        try {
            Instant created = Instant.ofEpochSecond(Long.parseLong(name.substring(0, 12)),
                    Long.parseLong(name.substring(12, 21)));
            return (query.createdAfter() == null || !created.isBefore(query.createdAfter()))
                    && (query.createdBefore() == null || created.isBefore(query.createdBefore()));
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** The manifest at {@code key}, or empty when it is gone (removed while a query was open). */
    private Optional<BackupManifest> read(String key) {
        Optional<Blob> blob = blobs.read(key);
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        try (Blob b = blob.get(); InputStream in = b.content()) {
            return Optional.of(ManifestCodec.fromBytes(in.readAllBytes()));
        } catch (IOException e) {
            throw new StorageException("reading registry entry " + key, e);
        }
    }

    private String idKey(UUID backupId) {
        return prefix + BY_ID + backupId + ".json";
    }

    private String nameKey(BackupManifest m) {
        Instant created = m.createdAt();
        return prefix + BY_NAME + m.objectName() + "/" + m.objectId() + "/"
                + String.format("%012d%09d", created.getEpochSecond(), created.getNano()) + "~" + m.backupId() + ".json";
    }

    @Override
    public String toString() {
        return "BlobBackupRegistry[" + prefix + " in " + blobs + "]";
    }
}
