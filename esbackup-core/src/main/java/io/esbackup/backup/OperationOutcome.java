package io.esbackup.backup;

/**
 * How an {@link Operation} that succeeded ended.
 *
 * @param events   events written by a backup, or restored ({@code 0} for an incremental backup that found the
 *                 aggregate unchanged, and for bulk runs, whose items each report their own)
 * @param bytes    archive bytes as stored: written by a backup, read by a restore ({@code 0} where none)
 * @param items    what it finished: {@code 1} for one backup or restore, the backups a clean-up or forget removed
 *                 (or would), the items of a bulk run that succeeded, {@code 1} for a shred that destroyed a key
 * @param failures items of a bulk run that failed, deletions of a forget that failed ({@code 0} otherwise)
 */
public record OperationOutcome(long events, long bytes, long items, long failures) {
    public OperationOutcome {
        if (events < 0 || bytes < 0 || items < 0 || failures < 0) {
            throw new IllegalArgumentException("counts must be zero or more: " + events + ", " + bytes + ", "
                    + items + ", " + failures);
        }
    }
}
