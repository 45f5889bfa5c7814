package io.esbackup.backup;

import io.esbackup.blob.BlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.model.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * {@link DataKeys} over any {@link BlobStore}: the wrapped key at {@code keys/{objectName}/{objectId}.key}, the
 * tombstone of a shred at {@code keys/{objectName}/{objectId}.shredded} (docs/FORMAT.md section 20). Both lie
 * outside {@code backups/}, {@code backup-index/}, {@code packs/}, {@code backup-registry/} and {@code locks/},
 * so no listing, validation or clean-up of backups sees them, and clean-up never deletes a key.
 */
public final class BlobDataKeys implements DataKeys {
    /** Where the keys are, beside {@code backups/}. */
    public static final String PREFIX = "keys/";

    private final BlobStore blobs;
    private final Clock clock;

    public BlobDataKeys(BlobStore blobs, Clock clock) {
        if (blobs == null || clock == null) {
            throw new IllegalArgumentException((blobs == null ? "blobs" : "clock") + " must not be null");
        }
        this.blobs = blobs;
        this.clock = clock;
    }

    @Override
    public Optional<byte[]> read(String objectName, String objectId) {
        return blobs.readAllBytes(key(objectName, objectId, ".key"));
    }

    @Override
    public boolean create(String objectName, String objectId, byte[] wrapped) {
        if (wrapped == null || wrapped.length == 0) {
            throw new IllegalArgumentException("wrapped must not be empty");
        }
        try {
            blobs.write(key(objectName, objectId, ".key"), WriteCondition.createOnly(), wrapped);
            return true;
        } catch (AlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public boolean shredded(String objectName, String objectId) {
        return blobs.stat(key(objectName, objectId, ".shredded")).isPresent();
    }

    @Override
    public boolean shred(String objectName, String objectId) {
        String tombstone = key(objectName, objectId, ".shredded");
        // The tombstone first: a shred killed between the two writes already reads as shredded, and running it
        // again deletes the key. Create-only keeps the time of the first shred.
        try {
            blobs.write(tombstone, WriteCondition.createOnly(), ("{\"shreddedAt\":\"" + clock.instant() + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (AlreadyExistsException e) {
            // shredded before; the key may be a newer one, made by a backup after that shred
        }
        return blobs.delete(key(objectName, objectId, ".key"));
    }

    @Override
    public String describe(String objectName, String objectId) {
        return key(objectName, objectId, ".key");
    }

    private static String key(String objectName, String objectId, String suffix) {
        Ids.requireValid("objectName", objectName);
        Ids.requireValid("objectId", objectId);
        return PREFIX + objectName + "/" + objectId + suffix;
    }
}
