package io.esbackup.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The result of validating one backup: {@code valid} exactly when {@code problems} is empty. Warnings say what a
 * person should see to, but what leaves the backup sound and restorable (its id pointer is missing, say), so they
 * never make it invalid.
 *
 * @param eventsRead events found in the archive (as far as it could be read)
 * @param sha256     SHA-256 of the stored bytes as read, or {@code null} if the archive could not be read
 * @param contentChecked whether the archive's content was read and checked; {@code false} for an encrypted
 *                   backup validated without its keyset: its stored bytes' size and SHA-256 and the presence
 *                   of its data key alone were checked
 * @param warnings   what is not right around a sound backup, each a sentence
 */
public record ValidationReport(UUID backupId, List<String> problems, long eventsRead, String sha256,
                               boolean contentChecked, List<String> warnings) {
    public ValidationReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** A report without warnings. */
    public ValidationReport(UUID backupId, List<String> problems, long eventsRead, String sha256,
                            boolean contentChecked) {
        this(backupId, problems, eventsRead, sha256, contentChecked, List.of());
    }

    /** The report of a backup whose content was checked (or could not be read at all), without warnings. */
    public ValidationReport(UUID backupId, List<String> problems, long eventsRead, String sha256) {
        this(backupId, problems, eventsRead, sha256, true);
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    /** This report with {@code warning} added. */
    public ValidationReport withWarning(String warning) {
        List<String> more = new ArrayList<>(warnings);
        more.add(warning);
        return new ValidationReport(backupId, problems, eventsRead, sha256, contentChecked, more);
    }

    /** This report with {@code more} problems added. */
    ValidationReport withProblems(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(problems);
        all.addAll(more);
        return new ValidationReport(backupId, all, eventsRead, sha256, contentChecked, warnings);
    }
}
