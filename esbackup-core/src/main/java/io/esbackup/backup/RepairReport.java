package io.esbackup.backup;

import java.util.List;

/**
 * What {@code BackupRestoreService.repair} did (or, in a dry run, would do) to the id pointers. The counts are
 * exact; the lists keep at most {@link #LISTED_AT_MOST} entries each, so a repair of millions stays small.
 *
 * @param manifestsScanned backups with a manifest of their own that were looked at (packed ones need no pointer)
 * @param recreated        missing pointers written again (in a dry run: that would be)
 * @param alreadyRight     pointers that named where their manifest is
 * @param disagreeing      pointers that name another place or cannot be read: reported, never overwritten
 * @param failed           backups whose pointer could not be checked or written (a storage failure); a re-run
 *                         retries them
 * @param disagreements    the first of the disagreeing pointers
 * @param failures         the first of the failures
 */
public record RepairReport(boolean dryRun, long manifestsScanned, long recreated, long alreadyRight,
                           long disagreeing, long failed, List<PointerCheck> disagreements,
                           List<RepairFailure> failures) {
    /** How many disagreements and failures a report lists at most. */
    public static final int LISTED_AT_MOST = 1000;

    public RepairReport {
        if (manifestsScanned < 0 || recreated < 0 || alreadyRight < 0 || disagreeing < 0 || failed < 0) {
            throw new IllegalArgumentException("counts must be zero or more");
        }
        disagreements = List.copyOf(disagreements);
        failures = List.copyOf(failures);
    }

    /** Whether every pointer now names its manifest (or would, after a real run): nothing disagreed or failed. */
    public boolean complete() {
        return disagreeing == 0 && failed == 0;
    }
}
