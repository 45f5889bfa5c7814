package io.esbackup.error;

/** A create-only write found its target already there; nothing was overwritten. */
public class AlreadyExistsException extends BackupException {
    public AlreadyExistsException(String message) {
        super(message);
    }

    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
