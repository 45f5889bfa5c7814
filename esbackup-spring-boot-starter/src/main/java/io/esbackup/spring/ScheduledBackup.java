package io.esbackup.spring;

import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.backup.BulkBackupResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The scheduled backup's work: every aggregate of each configured object name, tagged
 * {@value #TAG}={@code backup} so that the health check can tell scheduled backups from others. A run in which
 * any aggregate failed fails, after backing up all the others; so does one that finds no aggregate of an object
 * name, which is more often a misspelt name than an empty store. Encrypted with
 * {@code esbackup.schedule.backup.encrypt}.
 */
final class ScheduledBackup implements Supplier<String> {
    /** The tag every scheduled backup carries. */
    static final String TAG = "esbackup.schedule";

    private final BackupRestoreService service;
    private final List<String> objectNames;
    private final BulkBackupOptions options;

    ScheduledBackup(BackupRestoreService service, EsbackupScheduleProperties.Backup properties) {
        this.service = service;
        this.objectNames = List.copyOf(properties.getObjectNames());
        BulkBackupOptions.Builder b = BulkBackupOptions.builder()
                .incremental(properties.isIncremental())
                .pack(properties.isPacked())
                .encrypt(properties.isEncrypt())
                .maxConcurrency(properties.getMaxConcurrency())
                .continueOnError(true)
                .tag(TAG, "backup");
        if (properties.getRetention() != null) {
            b.retention(properties.getRetention());
        }
        this.options = b.build();
    }

    List<String> objectNames() {
        return objectNames;
    }

    @Override
    public String get() {
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String objectName : objectNames) {
            BulkBackupResult result = service.backupAll(objectName, options);
            done.add(objectName + ": " + result.successCount() + " backed up"
                    + (result.unchangedCount() > 0 ? " (" + result.unchangedCount() + " unchanged)" : ""));
            if (result.totalProcessed() == 0) {
                // Nothing to protect is more often a misspelt object name than an empty store: say so, loudly.
                failed.add(objectName + ": no aggregates found (is the object name right?)");
            }
            if (result.failureCount() > 0) {
                failed.add(objectName + ": " + result.failureCount() + " failed" + (result.failedBackups().isEmpty()
                        ? "" : ", the first (" + result.failedBackups().get(0).objectId() + ") with "
                        + result.failedBackups().get(0).errorMessage()));
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException(String.join("; ", failed) + " (" + String.join("; ", done) + ")");
        }
        return String.join("; ", done);
    }
}
