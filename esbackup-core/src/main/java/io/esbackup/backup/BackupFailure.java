package io.esbackup.backup;

/** One stream of a bulk backup that failed: its object id, what went wrong, and the exception. */
public record BackupFailure(String objectId, String errorMessage, Throwable exception) {
}
