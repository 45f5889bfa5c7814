package io.esbackup.backup;

/**
 * What {@link BackupRestoreService#rebuildRegistry()} did.
 *
 * @param recorded manifests the provider lists, all recorded (again) in the registry
 * @param removed  registry entries removed because the provider no longer has their backup
 */
public record RebuildReport(long recorded, long removed) {
}
