package io.esbackup.backup;

import java.util.List;

/**
 * What {@code forget} decided for one aggregate in one location: the backups kept (newest first, each with its
 * rules), those removed (or, in a dry run, to be removed; newest first) and those whose removal failed.
 *
 * @param location the backups' location ({@code BackupOptions.location}), {@code null} for the default one
 */
public record ForgetGroup(String location, String objectName, String objectId, List<KeptBackup> kept,
                          List<BackupHandle> removed, List<ForgetFailure> failed) {
    public ForgetGroup {
        kept = List.copyOf(kept);
        removed = List.copyOf(removed);
        failed = List.copyOf(failed);
    }
}
