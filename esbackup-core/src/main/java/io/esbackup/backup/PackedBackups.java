package io.esbackup.backup;

import java.time.Instant;
import java.util.UUID;

/**
 * An optional capability of a {@link BackupProvider}: writing many backups into a few large pack objects,
 * committed together (a bulk run with {@code pack}). Each packed backup keeps its own backup id and is then
 * found, read, listed and deleted through the provider's ordinary methods.
 */
public interface PackedBackups {

    /**
     * Starts a run whose id is drawn from {@code seed} (a fresh random UUID). Nothing of it is visible until
     * {@link PackRun#commit}; a run closed without a commit removes what it wrote.
     */
    PackRun startPackRun(UUID seed, PackLimits limits);

    /**
     * Removes what runs that never committed left (older than {@code modifiedBefore}, so a run still going is
     * left alone) and the packs none of whose entries is live any more. With {@code dryRun} only counts.
     */
    PackSweep sweepPacks(Instant modifiedBefore, boolean dryRun);
}
