package io.esbackup.backup;

import java.util.List;

/**
 * What {@link BackupRestoreService#forget} did, aggregate by aggregate (by location, object name and object id).
 * In a dry run {@code removed} lists what would be removed, and nothing failed.
 */
public record ForgetReport(boolean dryRun, List<ForgetGroup> groups) {
    public ForgetReport {
        groups = List.copyOf(groups);
    }

    /** How many backups were kept, in every group. */
    public long keptCount() {
        return groups.stream().mapToLong(g -> g.kept().size()).sum();
    }

    /** How many backups were removed (or would be), in every group. */
    public long removedCount() {
        return groups.stream().mapToLong(g -> g.removed().size()).sum();
    }

    /** Every removal that failed, group by group. */
    public List<ForgetFailure> failures() {
        return groups.stream().flatMap(g -> g.failed().stream()).toList();
    }
}
