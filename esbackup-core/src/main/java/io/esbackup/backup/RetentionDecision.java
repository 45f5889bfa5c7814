package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import java.util.List;

/**
 * What a {@link RetentionPolicy} decided for one backup: the rules that keep it ({@code "last"}, {@code "daily"},
 * {@code "oldest daily"}, {@code "tag env=prod"}, {@code "parent of <id>"}, ...), none if it goes.
 */
public record RetentionDecision(BackupManifest backup, List<String> reasons) {
    public RetentionDecision {
        if (backup == null) {
            throw new IllegalArgumentException("backup must not be null");
        }
        reasons = List.copyOf(reasons);
    }

    /** Whether any rule keeps the backup. */
    public boolean kept() {
        return !reasons.isEmpty();
    }
}
