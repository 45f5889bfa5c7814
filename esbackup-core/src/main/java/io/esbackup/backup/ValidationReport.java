package io.esbackup.backup;

import java.util.List;
import java.util.UUID;

/**
 * The result of validating one backup: {@code valid} exactly when {@code problems} is empty.
 *
 * @param eventsRead events found in the archive (as far as it could be read)
 * @param sha256     SHA-256 of the stored bytes as read, or {@code null} if the archive could not be read
 */
public record ValidationReport(UUID backupId, List<String> problems, long eventsRead, String sha256) {
    public ValidationReport {
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
