package io.esbackup.error;

/** Something asked for does not exist: a blob, a stream, a document or a backup. */
public class NotFoundException extends BackupException {
    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
