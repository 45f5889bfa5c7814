package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.BackupManifest;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.ConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the service finds finished backups: through the optional {@link BackupRegistry} where it helps (get,
 * list, expiry), through the provider's manifests otherwise, and always through the provider where the
 * truth matters (restore, validate, delete). It also keeps the registry in step: registry failures after
 * the provider has done its part are logged, never thrown, because the registry can be rebuilt.
 */
final class BackupCatalog {
    /** Every finished backup, expired or not, in every location. */
    static final BackupQuery EVERY_BACKUP = BackupQuery.builder().includeExpired(true).build();
    private static final Logger LOG = LoggerFactory.getLogger(BackupCatalog.class);
    private static final Comparator<BackupManifest> NEWEST_FIRST = Comparator.comparing(BackupManifest::createdAt)
            .reversed().thenComparing(BackupManifest::backupId);

    private final BackupProvider provider;
    private final BackupRegistry registry; // null: there is none
    private final PointerLookup lookup;

    BackupCatalog(BackupProvider provider, BackupRegistry registry) {
        this.provider = provider;
        this.registry = registry;
        this.lookup = new PointerLookup(provider, registry);
    }

    Optional<BackupRegistry> registry() {
        return Optional.ofNullable(registry);
    }

    /**
     * A finished backup as the provider keeps it: where its id pointer says it is, or, when the pointer is
     * missing ({@code pointerMissing}), where its manifest was found without it ({@link PointerLookup}).
     */
    record Located(BackupLocation location, BackupManifest manifest, boolean pointerMissing) {
        Located(BackupLocation location, BackupManifest manifest) {
            this(location, manifest, false);
        }
    }

    /** See {@link #located(UUID, BackupLocation)}; without a guess. */
    Optional<Located> located(UUID backupId) {
        return located(backupId, null);
    }

    /**
     * The provider's record of a backup (the truth); an unreadable manifest makes the backup corrupt, by id.
     * The location comes from the id pointer, never from the manifest, so a manifest that names another
     * aggregate cannot send a restore or a delete elsewhere. A backup whose pointer is missing is looked for at
     * {@code guess} (where the caller expects it, or {@code null}), where the registry says, and else by a listing
     * of the manifests' keys; the location is then where its manifest is stored.
     */
    Optional<Located> located(UUID backupId, BackupLocation guess) {
        return located(backupId, guess, true);
    }

    /**
     * As {@link #located(UUID, BackupLocation)}; without {@code mayList}, a backup whose pointer is missing is
     * looked for only where {@code guess} or the registry says: for callers that go through ids whose pointers
     * were just listed, where a missing one means a backup deleted meanwhile, not one to search the store for.
     */
    Optional<Located> located(UUID backupId, BackupLocation guess, boolean mayList) {
        try {
            Optional<BackupLocation> pointed = provider.locate(backupId);
            if (pointed.isPresent()) {
                return provider.readManifest(pointed.get()).map(m -> new Located(pointed.get(), m));
            }
            return lookup.find(backupId, guess, mayList)
                    .flatMap(at -> provider.readManifest(at).map(m -> new Located(at, m, true)));
        } catch (ArchiveFormatException e) {
            BackupCorruptedException corrupt = new BackupCorruptedException(backupId.toString(),
                    List.of("manifest: " + e.getMessage()));
            corrupt.initCause(e);
            throw corrupt;
        }
    }

    /** The provider's manifest of a backup; see {@link #located}. */
    Optional<BackupManifest> fromProvider(UUID backupId) {
        return located(backupId).map(Located::manifest);
    }

    /** The registry's entry if it has one, else the provider's manifest: a lagging registry hides nothing. */
    Optional<BackupManifest> find(UUID backupId) {
        Optional<BackupManifest> known = registry == null ? Optional.empty() : registry.find(backupId);
        if (known.isPresent()) {
            return known;
        }
        Optional<BackupManifest> found = fromProvider(backupId);
        if (registry != null && found.isPresent()) {
            LOG.warn("The backup registry does not know backup {}; rebuildRegistry() adds it", backupId);
        }
        return found;
    }

    /** A handle on a backup, with where the provider keeps it for display. */
    BackupHandle handle(BackupManifest manifest) {
        return BackupHandle.of(manifest, provider.describe(BackupLocation.of(manifest)));
    }

    /** See {@link BackupRestoreService#getBackup(UUID)}. */
    Optional<BackupHandle> get(UUID backupId) {
        return find(backupId).map(this::handle);
    }

    /** See {@link BackupRestoreService#listBackups(BackupQuery)}. */
    List<BackupHandle> list(BackupQuery query, Instant now) {
        return newestFirst(query, now).stream().map(this::handle).toList();
    }

    /**
     * Deletes the backup with this id where the provider locates it (its id pointer, or where its manifest is
     * found without one: {@link #located(UUID, BackupLocation)}), without reading its manifest, then its registry
     * entry; returns whether the provider had it.
     */
    boolean delete(UUID backupId, BackupLocation guess) {
        Optional<BackupLocation> location;
        try {
            location = provider.locate(backupId);
        } catch (ArchiveFormatException e) {
            BackupCorruptedException corrupt = new BackupCorruptedException(backupId.toString(),
                    List.of(e.getMessage()));
            corrupt.initCause(e);
            throw corrupt;
        }
        if (location.isEmpty()) {
            location = lookup.find(backupId, guess, true);
        }
        location.ifPresent(at -> refuseIfParent(at));
        location.ifPresent(provider::delete);
        forget(backupId);
        return location.isPresent();
    }

    /**
     * A backup that an incremental backup of the same aggregate continues cannot go first: the child would be
     * left without its chain. Its children are in its own folder, so only that aggregate's manifests are read.
     */
    private void refuseIfParent(BackupLocation at) {
        String id = at.backupId().toString();
        try (Stream<BackupManifest> siblings = aggregateManifests(at.subfolder(), at.objectName(), at.objectId())) {
            siblings.filter(m -> id.equals(m.parentBackupId())).findFirst().ifPresent(child -> {
                throw new ConflictException("backup " + id + " is the parent of incremental backup "
                        + child.backupId() + ", which needs it to be restored; delete " + child.backupId()
                        + " first");
            });
        }
    }

    /** The manifests matching {@code query} at {@code now}, newest first, at most {@code maxResults}. */
    List<BackupManifest> newestFirst(BackupQuery query, Instant now) {
        int limit = query.maxResults() == null ? Integer.MAX_VALUE : query.maxResults();
        // Keep only the best `limit` while streaming, so memory follows maxResults, not the number of backups.
        PriorityQueue<BackupManifest> best = new PriorityQueue<>(NEWEST_FIRST.reversed());
        try (Stream<BackupManifest> all = candidates(query)) {
            // Filtered here too, so the answer is exact whichever source gave the candidates.
            all.filter(m -> query.matches(m) && (query.includeExpired() || !m.expiredAt(now))).forEach(m -> {
                best.add(m);
                if (best.size() > limit) {
                    best.poll();
                }
            });
        }
        List<BackupManifest> sorted = new ArrayList<>(best);
        sorted.sort(NEWEST_FIRST);
        return sorted;
    }

    /** The manifests whose retention has run out at {@code now}. */
    List<BackupManifest> expired(Instant now) {
        try (Stream<BackupManifest> all = candidates(EVERY_BACKUP)) {
            return all.filter(m -> m.expiredAt(now)).toList();
        }
    }

    /** The manifests matching {@code query} exactly, expired or not, lazily and in no order. Close the stream. */
    Stream<BackupManifest> matching(BackupQuery query) {
        return candidates(query).filter(query::matches);
    }

    /** Every manifest, expired or not, in every location, from the registry where there is one. Close it. */
    Stream<BackupManifest> allManifests() {
        return candidates(EVERY_BACKUP);
    }

    /** One aggregate's manifests in exactly {@code location}: the registry's, or the provider's folder. */
    Stream<BackupManifest> aggregateManifests(String location, String objectName, String objectId) {
        if (registry == null) {
            return provider.listAggregateManifests(location, objectName, objectId);
        }
        BackupQuery query = BackupQuery.builder().objectName(objectName).objectId(objectId).location(location)
                .includeExpired(true).build();
        return registry.query(query).filter(m -> java.util.Objects.equals(location, m.location()));
    }

    private Stream<BackupManifest> candidates(BackupQuery query) {
        return registry == null ? provider.listManifests(query) : registry.query(query);
    }

    /** Records a committed backup; a failure only logs, since the backup exists and a rebuild adds it. */
    void recorded(BackupManifest manifest) {
        if (registry == null) {
            return;
        }
        try {
            registry.record(manifest);
        } catch (RuntimeException e) {
            LOG.warn("Backup {} is committed but the backup registry could not record it, so listings miss it "
                    + "until rebuildRegistry() runs: {}", manifest.backupId(), e.toString());
        }
    }

    /** Records every backup a committed pack run made, read back from its indexes (only with a registry). */
    void recordedAll(PackRun run) {
        if (registry == null) {
            return;
        }
        try (Stream<BackupManifest> manifests = run.manifests()) {
            manifests.forEach(this::recorded);
        } catch (RuntimeException e) {
            LOG.warn("Pack run {} is committed but its backups could not be read back for the backup registry, so "
                    + "listings miss them until rebuildRegistry() runs: {}", run.runId(), e.toString());
        }
    }

    /** Removes the entry of a backup the provider no longer has; a failure only logs, a rebuild removes it. */
    void forget(UUID backupId) {
        if (registry == null) {
            return;
        }
        try {
            registry.remove(backupId);
        } catch (RuntimeException e) {
            LOG.warn("Backup {} is deleted but the backup registry could not remove its entry, so listings show "
                    + "it until deleteBackup or rebuildRegistry() runs again: {}", backupId, e.toString());
        }
    }

    /**
     * See {@link BackupRestoreService#rebuildRegistry()}. Missing id pointers are recreated first, where the
     * provider keeps them, so that the backups they belong to are found by id again.
     */
    RebuildReport rebuild() {
        if (registry == null) {
            throw new IllegalStateException("this service has no backup registry to rebuild");
        }
        PointerRepair repair = new PointerRepair(provider);
        RepairReport pointers = repair.applies() ? repair.run(false, n -> { }) : null;
        long removed = 0;
        try (Stream<BackupManifest> entries = registry.query(EVERY_BACKUP)) {
            for (Iterator<BackupManifest> it = entries.iterator(); it.hasNext(); ) {
                BackupManifest entry = it.next();
                UUID id = UUID.fromString(entry.backupId());
                if (!providerHas(id, BackupLocation.of(entry)) && registry.remove(id)) {
                    removed++;
                }
            }
        }
        // Recording after the removals: a backup whose id pointer is missing (and could not be written) is listed
        // by the provider but may not be found by id, so the removals above may drop it, and it must end up
        // recorded all the same.
        long recorded = 0;
        try (Stream<BackupManifest> manifests = provider.listManifests(EVERY_BACKUP)) {
            for (Iterator<BackupManifest> it = manifests.iterator(); it.hasNext(); ) {
                registry.record(it.next());
                recorded++;
            }
        }
        return pointers == null ? new RebuildReport(recorded, removed)
                : new RebuildReport(recorded, removed, pointers.recreated(), pointers.disagreeing() + pointers.failed());
    }

    /** Whether the provider has the backup: by its pointer, or, without one, where its entry says (no listing). */
    private boolean providerHas(UUID backupId, BackupLocation entry) {
        try {
            return provider.findManifest(backupId).isPresent() || lookup.find(backupId, entry, false).isPresent();
        } catch (ArchiveFormatException e) {
            return true; // unreadable, but there: validation reports it, and the entry stays
        }
    }
}
