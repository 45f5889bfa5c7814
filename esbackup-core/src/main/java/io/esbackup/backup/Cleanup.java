package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.blob.AbandonedWriteSweep;
import io.esbackup.blob.AbandonedWrites;
import io.esbackup.store.EventStore;
import io.esbackup.store.RestoreJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clean-up: expired backups, unfinished ones past the grace period, restores killed before their swap, and
 * the temporary files of abandoned writes. Each of the last three is an optional capability of the provider
 * or the event store ({@link UnfinishedBackups}, {@link RestoreJournal}, {@link AbandonedWrites}), found
 * through any wrapper; where there is none, there is nothing of that kind to clean up.
 */
final class Cleanup {
    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);

    private final EventStore store;
    private final BackupProvider provider;
    private final BackupCatalog catalog;
    private final Clock clock;
    private final Duration grace;

    Cleanup(EventStore store, BackupProvider provider, BackupCatalog catalog, Clock clock, Duration grace) {
        this.store = store;
        this.provider = provider;
        this.catalog = catalog;
        this.clock = clock;
        this.grace = grace;
    }

    CleanupReport run(boolean dryRun) {
        return run(dryRun, Shard.ALL);
    }

    /** Only the backups and restores of aggregates in {@code shard}; temporary files only in shard 0. */
    CleanupReport run(boolean dryRun, Shard shard) {
        Instant now = clock.instant();
        List<BackupManifest> expiredManifests = catalog.expired(now).stream()
                .filter(m -> shard.contains(m.objectId())).toList();
        Set<String> needed = ChainKeeper.neededBy(catalog, expiredManifests, now);
        List<BackupHandle> expired = expiredManifests.stream().filter(m -> !needed.contains(m.backupId()))
                .map(catalog::handle).toList();
        List<BackupHandle> kept = expiredManifests.stream().filter(m -> needed.contains(m.backupId()))
                .map(catalog::handle).toList();
        Optional<UnfinishedBackups> unfinishedBackups = provider.capability(UnfinishedBackups.class);
        List<UnfinishedBackup> unfinished = List.of();
        if (unfinishedBackups.isPresent()) {
            try (Stream<UnfinishedBackup> all = unfinishedBackups.get().listUnfinished()) {
                unfinished = all.filter(u -> u.lastModified().plus(grace).isBefore(now))
                        .filter(u -> shard.contains(u.location().objectId())).toList();
            }
        }
        if (!dryRun) {
            for (BackupHandle h : expired) {
                LOG.debug("Deleting backup {} of {}/{}: expired at {}", h.backupId(), h.objectName(), h.objectId(),
                        h.expiresAt());
                provider.delete(BackupLocation.of(h.manifest()));
                catalog.forget(h.backupId());
            }
            for (UnfinishedBackup u : unfinished) {
                LOG.debug("Removing unfinished backup {} ({}, last written {})", u.location().backupId(), u.key(),
                        u.lastModified());
                unfinishedBackups.get().discardUnfinished(u);
                // A manifest removed behind the registry's back leaves an entry for what is now unfinished.
                catalog.forget(u.location().backupId());
            }
        }
        // Restores before temporary files: a restore killed mid-append leaves both, and one clean-up takes both.
        List<AbandonedRestore> restores = store.capability(RestoreJournal.class)
                .map(journal -> new RestoreJournalSweep(store, journal).sweep(now.minus(grace), dryRun, shard))
                .orElse(List.of());
        // Temporary files and packs name no aggregate: one shard sweeps them, so parallel shards do not race.
        int temporaryFiles = shard.index() == 0 ? sweepAbandonedWrites(now.minus(grace), dryRun) : 0;
        // After the expired backups: a pack whose last live entry just expired is reclaimed in the same run.
        PackSweep packs = shard.index() != 0 ? PackSweep.NONE : provider.capability(PackedBackups.class)
                .map(p -> p.sweepPacks(now.minus(grace), dryRun)).orElse(PackSweep.NONE);
        return new CleanupReport(expired, unfinished, dryRun, restores, temporaryFiles, kept, packs);
    }

    /**
     * Sweeps the temporary files of abandoned writes from the provider's and the event store's storage where
     * they have the capability (a local folder has, Azure has not); once where both are the same storage.
     */
    private int sweepAbandonedWrites(Instant modifiedBefore, boolean dryRun) {
        List<AbandonedWrites> sweepers = new ArrayList<>(2);
        provider.capability(AbandonedWrites.class).ifPresent(sweepers::add);
        store.capability(AbandonedWrites.class)
                .filter(s -> sweepers.stream().noneMatch(other -> other == s))
                .ifPresent(sweepers::add);
        int removed = 0;
        for (AbandonedWrites sweeper : sweepers) {
            AbandonedWriteSweep swept = sweeper.sweepAbandonedWrites(modifiedBefore, dryRun);
            swept.files().forEach(f -> LOG.debug("{} abandoned temporary file {}", dryRun ? "Would remove" : "Removed",
                    f));
            removed += swept.count();
        }
        return removed;
    }
}
