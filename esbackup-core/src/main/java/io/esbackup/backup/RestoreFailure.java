package io.esbackup.backup;

import java.util.UUID;

/** One backup of a bulk restore that failed: its id, what went wrong, and the exception. */
public record RestoreFailure(UUID backupId, String errorMessage, Throwable exception) {
}
