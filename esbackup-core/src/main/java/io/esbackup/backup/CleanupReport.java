package io.esbackup.backup;

import java.util.List;

/**
 * What a clean-up removed (or, in a dry run, would remove): backups whose retention ran out, unfinished
 * backups (an archive without its manifest) older than the grace period, restores killed before their
 * document swap that long ago (their unreferenced streams), and the temporary files of writes abandoned
 * that long ago (a process killed mid-write) in the backups' and the event store's storage.
 *
 * @param abandonedRestores the restore runs swept from the event store's journal, with the streams deleted
 * @param temporaryFiles    how many abandoned temporary files were removed (or would be)
 * @param keptForChains     expired backups kept (not in {@code expired}) because an unexpired incremental backup
 *                          continues them: its chain needs them until it expires or is deleted itself
 * @param packs             the pack runs that never committed and the packs with no live entry left, removed
 */
public record CleanupReport(List<BackupHandle> expired, List<UnfinishedBackup> unfinished, boolean dryRun,
                            List<AbandonedRestore> abandonedRestores, int temporaryFiles,
                            List<BackupHandle> keptForChains, PackSweep packs) {
    public CleanupReport {
        if (packs == null) {
            throw new IllegalArgumentException("packs must not be null (PackSweep.NONE)");
        }
        expired = List.copyOf(expired);
        keptForChains = List.copyOf(keptForChains);
        unfinished = List.copyOf(unfinished);
        abandonedRestores = List.copyOf(abandonedRestores);
        if (temporaryFiles < 0) {
            throw new IllegalArgumentException("temporaryFiles must be zero or more, was " + temporaryFiles);
        }
    }

    /** A report of backups only, as clean-ups made before restores and temporary files were swept. */
    public CleanupReport(List<BackupHandle> expired, List<UnfinishedBackup> unfinished, boolean dryRun) {
        this(expired, unfinished, dryRun, List.of(), 0);
    }

    /** A report that kept no expired backup for a chain and swept no pack. */
    public CleanupReport(List<BackupHandle> expired, List<UnfinishedBackup> unfinished, boolean dryRun,
                         List<AbandonedRestore> abandonedRestores, int temporaryFiles) {
        this(expired, unfinished, dryRun, abandonedRestores, temporaryFiles, List.of(), PackSweep.NONE);
    }

    /** Backups removed: expired ones plus unfinished ones (restores and temporary files are not backups). */
    public int deletedCount() {
        return expired.size() + unfinished.size();
    }

    /** How many streams of abandoned restores were deleted (or would be). */
    public int orphanStreamsDeleted() {
        return abandonedRestores.stream().mapToInt(r -> r.streamsDeleted().size()).sum();
    }

    /** Whether there was nothing at all to remove. */
    public boolean isEmpty() {
        return deletedCount() == 0 && abandonedRestores.isEmpty() && temporaryFiles == 0
                && packs.equals(PackSweep.NONE);
    }
}
