package io.esbackup.error;

/**
 * Root of esbackup's one unchecked exception family. Callers catch a subclass by what happened
 * (not found, already exists, conflict, corrupt, transient), never by parsing the message.
 */
public class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
