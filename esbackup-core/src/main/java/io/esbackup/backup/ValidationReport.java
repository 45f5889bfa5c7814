package io.esbackup.backup;

import java.util.List;
import java.util.UUID;

/**
 * The result of validating one backup: {@code valid} exactly when {@code problems} is empty.
 *
 * @param eventsRead events found in the archive (as far as it could be read)
 * @param sha256     SHA-256 of the stored bytes as read, or {@code null} if the archive could not be read
 * @param contentChecked whether the archive's content was read and checked; {@code false} for an encrypted
 *                   backup validated without its keyset: its stored bytes' size and SHA-256 and the presence
 *                   of its data key alone were checked
 */
public record ValidationReport(UUID backupId, List<String> problems, long eventsRead, String sha256,
                               boolean contentChecked) {
    public ValidationReport {
        problems = List.copyOf(problems);
    }

    /** The report of a backup whose content was checked (or could not be read at all). */
    public ValidationReport(UUID backupId, List<String> problems, long eventsRead, String sha256) {
        this(backupId, problems, eventsRead, sha256, true);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
