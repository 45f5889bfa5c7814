package io.esbackup.backup;

import java.util.List;

/**
 * What a clean-up removed (or, in a dry run, would remove): backups whose retention ran out, and
 * unfinished backups (an archive without its manifest) older than the grace period.
 */
public record CleanupReport(List<BackupHandle> expired, List<UnfinishedBackup> unfinished, boolean dryRun) {
    public CleanupReport {
        expired = List.copyOf(expired);
        unfinished = List.copyOf(unfinished);
    }

    /** Backups removed: expired ones plus unfinished ones. */
    public int deletedCount() {
        return expired.size() + unfinished.size();
    }
}
