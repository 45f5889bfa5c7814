package io.esbackup.backup;

import io.esbackup.error.BackupException;

/**
 * A bulk restore that stopped early: at its first failure (without {@code continueOnError}) or because
 * the calling thread was interrupted. Work in flight finished first; {@link #partialResult()} says what
 * was done.
 */
public class BulkRestoreException extends BackupException {
    private final transient BulkRestoreResult partialResult;

    public BulkRestoreException(String message, BulkRestoreResult partialResult, Throwable cause) {
        super(message, cause);
        this.partialResult = partialResult;
    }

    public BulkRestoreResult partialResult() {
        return partialResult;
    }
}
