package io.esbackup.backup;

/** A backup {@code forget} meant to remove but could not: the backup, and the exception its deletion threw. */
public record ForgetFailure(BackupHandle backup, RuntimeException exception) {
    public ForgetFailure {
        if (backup == null || exception == null) {
            throw new IllegalArgumentException("backup and exception must not be null");
        }
    }
}
