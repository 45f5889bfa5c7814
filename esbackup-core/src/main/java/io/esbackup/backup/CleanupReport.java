package io.esbackup.backup;

import java.util.List;

/**
 * What a clean-up removed (or, in a dry run, would remove): backups whose retention ran out, unfinished
 * backups (an archive without its manifest) older than the grace period, and the temporary files of writes
 * abandoned that long ago (a process killed mid-write) in the backups' and the event store's storage.
 *
 * @param temporaryFiles how many abandoned temporary files were removed (or would be)
 */
public record CleanupReport(List<BackupHandle> expired, List<UnfinishedBackup> unfinished, boolean dryRun,
                            int temporaryFiles) {
    public CleanupReport {
        expired = List.copyOf(expired);
        unfinished = List.copyOf(unfinished);
        if (temporaryFiles < 0) {
            throw new IllegalArgumentException("temporaryFiles must be zero or more, was " + temporaryFiles);
        }
    }

    /** A report without temporary files, as clean-ups made before they were swept. */
    public CleanupReport(List<BackupHandle> expired, List<UnfinishedBackup> unfinished, boolean dryRun) {
        this(expired, unfinished, dryRun, 0);
    }

    /** Backups removed: expired ones plus unfinished ones (temporary files are not backups). */
    public int deletedCount() {
        return expired.size() + unfinished.size();
    }

    /** Whether there was nothing at all to remove. */
    public boolean isEmpty() {
        return deletedCount() == 0 && temporaryFiles == 0;
    }
}
