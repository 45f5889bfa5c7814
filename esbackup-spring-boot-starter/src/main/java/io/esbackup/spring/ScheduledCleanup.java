package io.esbackup.spring;

import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.CleanupReport;
import io.esbackup.backup.ForgetReport;
import io.esbackup.backup.RetentionPolicy;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The scheduled clean-up's work: first, with a retention policy ({@code esbackup.schedule.cleanup.keep.*}), forget
 * the scheduled backups the policy does not keep (only those tagged {@value ScheduledBackup#TAG}={@code backup}:
 * a backup made by hand is never removed by the schedule's policy); then remove expired and unfinished backups,
 * abandoned restores and temporary files. A backup the policy could not remove fails the run, after the rest.
 */
final class ScheduledCleanup implements Supplier<String> {
    private static final BackupQuery SCHEDULED = BackupQuery.builder().tag(ScheduledBackup.TAG, "backup").build();

    private final BackupRestoreService service;
    private final Optional<RetentionPolicy> policy;

    ScheduledCleanup(BackupRestoreService service, Optional<RetentionPolicy> policy) {
        this.service = service;
        this.policy = policy;
    }

    @Override
    public String get() {
        String forgot = "";
        ForgetReport forget = null;
        if (policy.isPresent()) {
            forget = service.forget(SCHEDULED, policy.get(), false);
            forgot = "forgot " + forget.removedCount() + " scheduled backups and kept " + forget.keptCount() + "; ";
        }
        CleanupReport report = service.cleanupExpiredBackups();
        String done = forgot + "removed " + report.expired().size() + " expired and " + report.unfinished().size()
                + " unfinished backups, " + report.orphanStreamsDeleted() + " streams of abandoned restores and "
                + report.temporaryFiles() + " temporary files";
        if (forget != null && !forget.failures().isEmpty()) {
            throw new IllegalStateException(forget.failures().size() + " backups the retention policy does not keep"
                    + " could not be removed, the first (" + forget.failures().get(0).backup().backupId() + ") with "
                    + forget.failures().get(0).exception().getMessage() + " (" + done + ")");
        }
        return done;
    }
}
