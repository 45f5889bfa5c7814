package io.esbackup.error;

/** A storage failure that may succeed when retried (timeouts, throttling, 5xx). */
public class TransientStorageException extends BackupException {
    public TransientStorageException(String message) {
        super(message);
    }

    public TransientStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
