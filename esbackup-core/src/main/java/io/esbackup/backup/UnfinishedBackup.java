package io.esbackup.backup;

import java.time.Instant;

/** A backup whose manifest was never written (a crash or failure mid-backup); invisible to list and get. */
public record UnfinishedBackup(BackupLocation location, String key, Instant lastModified) {
}
