package io.esbackup.backup;

/**
 * What {@link BackupRestoreService#rebuildRegistry()} did.
 *
 * @param recorded           manifests the provider lists, all recorded (again) in the registry
 * @param removed            registry entries removed because the provider no longer has their backup
 * @param pointersRecreated  missing id pointers recreated first, where the provider keeps them
 *                           ({@link BackupRestoreService#repair})
 * @param pointersUnrepaired id pointers left as they were: naming another place, unreadable, or failing to be
 *                           written; {@code BackupRestoreService.repair} lists them
 */
public record RebuildReport(long recorded, long removed, long pointersRecreated, long pointersUnrepaired) {

    /** A rebuild that found every id pointer right, or whose provider keeps none. */
    public RebuildReport(long recorded, long removed) {
        this(recorded, removed, 0, 0);
    }
}
