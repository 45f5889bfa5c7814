package io.esbackup.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link IdPointers} of a {@link BlobBackupProvider}, and the one place that writes and reads the pointer's
 * bytes (docs/FORMAT.md section 2): {@code {"objectName":…,"objectId":…,"location":…}}, compact UTF-8.
 */
final class BlobIdPointers implements IdPointers {
    private final BlobStore blobs;

    BlobIdPointers(BlobStore blobs) {
        this.blobs = blobs;
    }

    @Override
    public Stream<BackupLocation> listManifestLocations() {
        return blobs.list(BlobBackupProvider.BACKUPS).filter(b -> b.key().endsWith(".meta"))
                .map(b -> parseKey(b.key())).flatMap(Optional::stream);
    }

    @Override
    public PointerCheck check(BackupLocation location) {
        String key = BlobBackupProvider.indexKey(location.backupId());
        Optional<byte[]> bytes = blobs.readAllBytes(key);
        if (bytes.isEmpty()) {
            return PointerCheck.missing(location);
        }
        BackupLocation named;
        try {
            named = read(location.backupId(), bytes.get());
        } catch (ArchiveFormatException e) {
            return PointerCheck.damaged(location, e.getMessage());
        }
        return named.equals(location) ? PointerCheck.matches(location) : PointerCheck.differs(location, named);
    }

    @Override
    public boolean recreate(BackupLocation location) {
        try {
            blobs.write(BlobBackupProvider.indexKey(location.backupId()), WriteCondition.createOnly(), bytes(location));
            return true;
        } catch (AlreadyExistsException e) {
            return false;
        }
    }

    /** The pointer of the backup at {@code location}, as a backup writes it first. */
    static byte[] bytes(BackupLocation location) {
        ObjectNode pointer = Json.objectNode()
                .put("objectName", location.objectName())
                .put("objectId", location.objectId())
                .put("location", location.subfolder());
        return Json.bytes(pointer);
    }

    /** Where the pointer {@code bytes} of {@code backupId} says the backup is; {@link ArchiveFormatException} if damaged. */
    static BackupLocation read(UUID backupId, byte[] bytes) {
        try {
            JsonNode n = Json.readTree(bytes);
            JsonNode sub = n.get("location");
            return new BackupLocation(backupId, n.path("objectName").asText(), n.path("objectId").asText(),
                    sub == null || sub.isNull() ? null : sub.asText());
        } catch (IOException | RuntimeException e) {
            throw new ArchiveFormatException("the id pointer " + BlobBackupProvider.indexKey(backupId)
                    + " is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * The location of an archive ({@code .json}) or manifest ({@code .meta}) key under {@code backups/}, parsed
     * from its end (FORMAT.md section 2), or empty if the key is not one of ours.
     */
    static Optional<BackupLocation> parseKey(String key) {
        if (!key.startsWith(BlobBackupProvider.BACKUPS) || !(key.endsWith(".json") || key.endsWith(".meta"))) {
            return Optional.empty();
        }
        String[] parts = key.substring(BlobBackupProvider.BACKUPS.length()).split("/");
        if (parts.length < 3) {
            return Optional.empty();
        }
        String file = parts[parts.length - 1];
        try {
            String id = file.substring(0, file.length() - ".json".length());
            UUID uuid = UUID.fromString(id);
            if (!uuid.toString().equals(id)) {
                return Optional.empty(); // not the canonical spelling a writer uses: not one of ours
            }
            String sub = parts.length == 3 ? null : String.join("/", Arrays.copyOf(parts, parts.length - 3));
            return Optional.of(new BackupLocation(uuid, parts[parts.length - 3], parts[parts.length - 2], sub));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
