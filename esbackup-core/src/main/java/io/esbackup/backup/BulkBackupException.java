package io.esbackup.backup;

import io.esbackup.error.BackupException;

/**
 * A bulk backup that stopped early ({@link #reason()}): at its first failure (without
 * {@code continueOnError}), because the calling thread was interrupted, or because its input broke.
 * Work in flight finished first; {@link #partialResult()} says what was done.
 */
public class BulkBackupException extends BackupException {
    private final transient BulkBackupResult partialResult;
    private final BulkStop reason;

    public BulkBackupException(String message, BulkStop reason, BulkBackupResult partialResult, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.partialResult = partialResult;
    }

    /** Why the run stopped early. */
    public BulkStop reason() {
        return reason;
    }

    public BulkBackupResult partialResult() {
        return partialResult;
    }
}
