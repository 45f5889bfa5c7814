package io.esbackup.backup;

import java.util.UUID;

/**
 * One backup a copy could not copy: its id, its aggregate where known (a backup id that was not found has none),
 * and the exception.
 */
public record CopyFailure(UUID backupId, String objectName, String objectId, Throwable exception) {

    /** The exception's message, or its type when it has none. */
    public String errorMessage() {
        return exception.getMessage() != null ? exception.getMessage() : exception.getClass().getSimpleName();
    }
}
