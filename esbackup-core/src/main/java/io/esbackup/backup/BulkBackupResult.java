package io.esbackup.backup;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of {@code backupMany}. Counts are exact; {@code successfulBackups} and {@code failedBackups}
 * hold at most {@link BulkBackupOptions#maxResultsKept()} entries each ({@code truncated} says whether some
 * were left out). {@code unchangedCount} counts the successes of an incremental run that wrote nothing (the
 * aggregate had not changed since its newest backup; its handle is that backup's).
 */
public record BulkBackupResult(
        long totalProcessed,
        long successCount,
        long failureCount,
        List<BackupHandle> successfulBackups,
        List<BackupFailure> failedBackups,
        Duration elapsed,
        boolean truncated,
        long unchangedCount) {

    public BulkBackupResult {
        successfulBackups = List.copyOf(successfulBackups);
        failedBackups = List.copyOf(failedBackups);
    }

    /** A result of a run that found nothing unchanged (not incremental). */
    public BulkBackupResult(long totalProcessed, long successCount, long failureCount,
                            List<BackupHandle> successfulBackups, List<BackupFailure> failedBackups, Duration elapsed,
                            boolean truncated) {
        this(totalProcessed, successCount, failureCount, successfulBackups, failedBackups, elapsed, truncated, 0);
    }

    /** Nothing failed. */
    public boolean isFullySuccessful() {
        return failureCount == 0;
    }

    /** Some succeeded and some failed. */
    public boolean isPartialSuccess() {
        return successCount > 0 && failureCount > 0;
    }

    /** Something was tried and all of it failed. */
    public boolean isFullyFailed() {
        return failureCount > 0 && successCount == 0;
    }
}
