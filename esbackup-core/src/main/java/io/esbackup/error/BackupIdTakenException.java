package io.esbackup.error;

import java.util.UUID;

/**
 * A new backup's id is already held by another backup. Thrown by {@link io.esbackup.backup.BackupProvider#writeArchive}
 * before anything of the new backup is written, so the caller may take another id.
 */
public class BackupIdTakenException extends AlreadyExistsException {
    private final UUID backupId;

    public BackupIdTakenException(UUID backupId, Throwable cause) {
        super("backup id " + backupId + " is already taken by another backup"
                + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
        this.backupId = backupId;
    }

    public UUID backupId() {
        return backupId;
    }
}
