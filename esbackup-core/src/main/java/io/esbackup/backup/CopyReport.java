package io.esbackup.backup;

import java.time.Duration;
import java.util.List;

/**
 * What {@code copyTo} did (or, in a dry run, would do). Counts are exact; {@code failures} holds at most
 * {@link CopyOptions#maxFailuresKept()} of them.
 *
 * @param dryRun        nothing was written
 * @param processed     backups of the selection done
 * @param copied        backups written to the destination (in a dry run: that would be), parents a selected delta
 *                      needed among them
 * @param skipped       backups the destination held already, with the same size and SHA-256
 * @param shredded      backups not copied because their aggregate's data key was shredded at the source
 * @param failed        backups that could not be copied
 * @param bytesCopied   archive bytes copied, as stored (in a dry run: that would be)
 * @param shredsCarried aggregates whose data key this copy shredded at the destination too, since it was shredded
 *                      at the source after an earlier copy took it (in a dry run: that would be)
 * @param stoppedEarly  a failure (without continue-on-error), an interrupt or a broken input stopped the run
 *                      before every backup was done
 */
public record CopyReport(boolean dryRun, long processed, long copied, long skipped, long shredded, long failed,
                         long bytesCopied, long shredsCarried, List<CopyFailure> failures, Duration elapsed,
                         boolean stoppedEarly) {
    public CopyReport {
        failures = List.copyOf(failures);
    }

    /** Every selected backup is at the destination (or was shredded), nothing failed, and the run was not stopped. */
    public boolean isComplete() {
        return failed == 0 && !stoppedEarly;
    }
}
