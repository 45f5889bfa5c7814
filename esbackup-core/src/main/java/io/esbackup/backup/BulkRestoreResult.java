package io.esbackup.backup;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of {@code restoreMany}. Counts are exact; {@code successfulRestores} and {@code failedRestores}
 * hold at most {@link BulkRestoreOptions#maxResultsKept()} entries each ({@code truncated} says whether some
 * were left out).
 */
public record BulkRestoreResult(
        long totalProcessed,
        long successCount,
        long failureCount,
        List<RestoreResult> successfulRestores,
        List<RestoreFailure> failedRestores,
        Duration elapsed,
        boolean truncated) {

    public BulkRestoreResult {
        successfulRestores = List.copyOf(successfulRestores);
        failedRestores = List.copyOf(failedRestores);
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
