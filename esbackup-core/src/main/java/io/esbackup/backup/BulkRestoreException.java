package io.esbackup.backup;

import io.esbackup.error.BackupException;

/**
 * A bulk restore that stopped early ({@link #reason()}): at its first failure (without
 * {@code continueOnError}), because the calling thread was interrupted, or because its input broke.
 * Work in flight finished first; {@link #partialResult()} says what was done.
 */
public class BulkRestoreException extends BackupException {
    private final transient BulkRestoreResult partialResult;
    private final BulkStop reason;

    public BulkRestoreException(String message, BulkStop reason, BulkRestoreResult partialResult, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.partialResult = partialResult;
    }

    /** Why the run stopped early. */
    public BulkStop reason() {
        return reason;
    }

    public BulkRestoreResult partialResult() {
        return partialResult;
    }
}
