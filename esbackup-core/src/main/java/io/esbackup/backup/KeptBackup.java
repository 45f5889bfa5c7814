package io.esbackup.backup;

import java.util.List;

/** A backup {@code forget} kept, with every rule that kept it (see {@link RetentionDecision#reasons()}). */
public record KeptBackup(BackupHandle backup, List<String> reasons) {
    public KeptBackup {
        if (backup == null) {
            throw new IllegalArgumentException("backup must not be null");
        }
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a kept backup needs at least one reason");
        }
    }
}
