package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.model.Ids;
import java.util.UUID;

/**
 * Where one backup lives: its id, the aggregate it belongs to, and an optional sub-folder
 * ({@link BackupOptions#location()}).
 */
public record BackupLocation(UUID backupId, String objectName, String objectId, String subfolder) {
    public BackupLocation {
        if (backupId == null) {
            throw new IllegalArgumentException("backupId must not be null");
        }
        Ids.requireValid("objectName", objectName);
        Ids.requireValid("objectId", objectId);
    }

    /** Where {@code manifest} says its backup is kept. */
    public static BackupLocation of(BackupManifest manifest) {
        return new BackupLocation(UUID.fromString(manifest.backupId()), manifest.objectName(), manifest.objectId(),
                manifest.location());
    }
}
