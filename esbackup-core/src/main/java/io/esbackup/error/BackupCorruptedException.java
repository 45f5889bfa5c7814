package io.esbackup.error;

import java.util.List;

/** A backup failed validation (checksum, structure or manifest mismatch); nothing was restored from it. */
public class BackupCorruptedException extends BackupException {
    private final String backupId;
    private final List<String> problems;

    public BackupCorruptedException(String backupId, List<String> problems) {
        super("Backup " + backupId + " is invalid: " + String.join("; ", problems));
        this.backupId = backupId;
        this.problems = List.copyOf(problems);
    }

    public String backupId() {
        return backupId;
    }

    public List<String> problems() {
        return problems;
    }
}
