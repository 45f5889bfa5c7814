package io.esbackup.backup;

/**
 * A backup whose id pointer {@code BackupRestoreService.repair} could not check or write; running the repair again
 * retries it.
 *
 * @param location where the backup's manifest is
 * @param message  what went wrong
 */
public record RepairFailure(BackupLocation location, String message) {
    public RepairFailure {
        if (location == null) {
            throw new IllegalArgumentException("location must not be null");
        }
    }
}
