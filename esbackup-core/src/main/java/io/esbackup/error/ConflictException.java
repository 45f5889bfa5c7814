package io.esbackup.error;

/**
 * A conditional write lost to a concurrent writer (the ETag or expected version no longer matched);
 * nothing was written.
 */
public class ConflictException extends BackupException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
