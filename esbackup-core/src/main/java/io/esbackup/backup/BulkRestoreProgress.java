package io.esbackup.backup;

import java.util.UUID;

/**
 * Progress of {@code restoreMany}, reported as each restore finishes.
 *
 * @param totalBackups    how many backups the run was given, or {@code -1} when the input did not say
 * @param currentBackupId the backup whose restore just finished
 */
public record BulkRestoreProgress(long totalBackups, long processedBackups, long successfulRestores,
                                  long failedRestores, UUID currentBackupId) {
    /** 0 to 100; 0 while the total is unknown. */
    public double percentageComplete() {
        return Percent.of(processedBackups, totalBackups);
    }
}
