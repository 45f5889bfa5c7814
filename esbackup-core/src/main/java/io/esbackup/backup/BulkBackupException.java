package io.esbackup.backup;

import io.esbackup.error.BackupException;

/**
 * A bulk backup that stopped early: at its first failure (without {@code continueOnError}) or because
 * the calling thread was interrupted. Work in flight finished first; {@link #partialResult()} says what
 * was done.
 */
public class BulkBackupException extends BackupException {
    private final transient BulkBackupResult partialResult;

    public BulkBackupException(String message, BulkBackupResult partialResult, Throwable cause) {
        super(message, cause);
        this.partialResult = partialResult;
    }

    public BulkBackupResult partialResult() {
        return partialResult;
    }
}
