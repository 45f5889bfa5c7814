package io.esbackup.backup;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of {@code backupMany}. Counts are exact; {@code successfulBackups} and {@code failedBackups}
 * hold at most {@link BulkBackupOptions#maxResultsKept()} entries each ({@code truncated} says whether some
 * were left out).
 */
public record BulkBackupResult(
        long totalProcessed,
        long successCount,
        long failureCount,
        List<BackupHandle> successfulBackups,
        List<BackupFailure> failedBackups,
        Duration elapsed,
        boolean truncated) {

    public BulkBackupResult {
        successfulBackups = List.copyOf(successfulBackups);
        failedBackups = List.copyOf(failedBackups);
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
