package io.esbackup.archive;

import io.esbackup.error.BackupException;

/** An archive or manifest cannot be read: bad JSON, a missing section, an unknown format version. */
public class ArchiveFormatException extends BackupException {
    public ArchiveFormatException(String message) {
        super(message);
    }

    public ArchiveFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
