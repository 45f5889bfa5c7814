package io.esbackup.backup;

/**
 * Progress of {@code backupMany}, reported as each backup finishes.
 *
 * @param totalStreams    how many streams the run was given, or {@code -1} when the input did not say
 * @param currentStreamId the object id whose backup just finished
 */
public record BulkBackupProgress(long totalStreams, long processedStreams, long successfulBackups,
                                 long failedBackups, String currentStreamId) {
    /** 0 to 100; 0 while the total is unknown. */
    public double percentageComplete() {
        return Percent.of(processedStreams, totalStreams);
    }
}
