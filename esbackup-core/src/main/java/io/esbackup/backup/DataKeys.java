package io.esbackup.backup;

import java.util.Optional;

/**
 * Where each aggregate's wrapped data key is kept, beside the backups (docs/ARCHITECTURE.md section 5b): opaque
 * bytes that only an {@link ArchiveEncryption} can unwrap. A capability of a {@link BackupProvider}, found with
 * {@code provider.capability(DataKeys.class)}; {@link BlobBackupProvider} answers with a {@link BlobDataKeys}.
 * Every method checks {@code objectName} and {@code objectId} as ids before any I/O.
 */
public interface DataKeys {

    /** The aggregate's wrapped data key, or empty if it has none (never had one, or it was shredded). */
    Optional<byte[]> read(String objectName, String objectId);

    /**
     * Stores the aggregate's wrapped data key create-only: {@code false} if it has one already (another backup
     * made it first, and that one is the aggregate's key).
     */
    boolean create(String objectName, String objectId, byte[] wrapped);

    /** Whether the aggregate was ever shredded (its tombstone is there). */
    boolean shredded(String objectName, String objectId);

    /**
     * Destroys the aggregate's data key: writes its tombstone, then deletes the key. Returns whether a key was
     * there to delete. Running it again after an interruption completes it.
     */
    boolean shred(String objectName, String objectId);

    /** Where the aggregate's data key is kept, for the manifest and messages (a blob key). */
    String describe(String objectName, String objectId);
}
