package io.esbackup.error;

import java.util.List;

/**
 * The backup's aggregate was crypto-shredded: its data key is destroyed, so the backup can never be read again
 * (docs/ARCHITECTURE.md section 5b).
 */
public class ShreddedException extends BackupCorruptedException {
    private final String objectName;
    private final String objectId;

    public ShreddedException(String backupId, String objectName, String objectId) {
        super(backupId, List.of("aggregate " + objectName + "/" + objectId
                + " was shredded: its data key is destroyed and the backup cannot be decrypted"));
        this.objectName = objectName;
        this.objectId = objectId;
    }

    public String objectName() {
        return objectName;
    }

    public String objectId() {
        return objectId;
    }
}
