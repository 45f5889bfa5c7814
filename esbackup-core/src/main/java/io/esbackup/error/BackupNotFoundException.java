package io.esbackup.error;

/** No finished backup (archive and manifest) with this id exists. */
public class BackupNotFoundException extends NotFoundException {
    private final String backupId;

    public BackupNotFoundException(String backupId) {
        super("Backup " + backupId + " not found");
        this.backupId = backupId;
    }

    public String backupId() {
        return backupId;
    }
}
