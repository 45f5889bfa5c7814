package io.esbackup.error;

/**
 * An encrypted backup was to be written or read and no keyset was given: nothing is wrong with the backup, the
 * caller must supply the key (the command line: {@code ESBACKUP_KEYSET} or {@code --keyset}).
 */
public class KeysetRequiredException extends BackupException {
    public KeysetRequiredException(String message) {
        super(message);
    }
}
