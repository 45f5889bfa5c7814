package io.esbackup.error;

import java.util.List;

/**
 * An encrypted backup's data key or archive did not authenticate: the keyset is not the one that wrapped the
 * data key, or the stored bytes were changed. Nothing was restored from it.
 */
public class DecryptionFailedException extends BackupCorruptedException {
    public DecryptionFailedException(String backupId, String problem, Throwable cause) {
        super(backupId, List.of(problem));
        initCause(cause);
    }
}
