package io.esbackup.backup;

/**
 * Progress of {@code backupMany}, reported as each backup finishes.
 *
 * @param totalStreams    how many streams the run was given, or {@code -1} when the input did not say
 * @param currentStreamId the object id whose backup just finished
 * @param unchangedBackups how many of the successful backups of an incremental run wrote nothing
 */
public record BulkBackupProgress(long totalStreams, long processedStreams, long successfulBackups,
                                 long failedBackups, String currentStreamId, long unchangedBackups) {
    /** Progress of a run that found nothing unchanged (not incremental). */
    public BulkBackupProgress(long totalStreams, long processedStreams, long successfulBackups, long failedBackups,
                              String currentStreamId) {
        this(totalStreams, processedStreams, successfulBackups, failedBackups, currentStreamId, 0);
    }

    /** 0 to 100; 0 while the total is unknown. */
    public double percentageComplete() {
        return Percent.of(processedStreams, totalStreams);
    }
}
