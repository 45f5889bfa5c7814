package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.model.Ids;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Backs up and restores event streams: the reference's {@code IBackupRestoreService} in Java idiom.
 *
 * <p>Backups are consistent cuts (the version is read first), streamed at constant memory, checksummed,
 * and committed by writing the manifest last. Restores write to a stream nobody reads until the object
 * document is swapped with a conditional write, so a failure at any point leaves the live stream as it
 * was. See docs/ARCHITECTURE.md for the full semantics.
 *
 * <p>This class is the one public entry point; each family of operations is a class of its own:
 * {@link BackupOperation}, {@link RestoreOperation}, {@link BackupCatalog} (get, list, delete),
 * {@link BackupValidation}, {@link Cleanup}, {@link Forget}, {@link BulkOperations} and {@link PointerRepair}.
 */
public final class BackupRestoreService {
    /** The version of esbackup that is running, as written into manifests. */
    public static final String TOOL_VERSION = ToolVersion.read();
    /** How long an unfinished backup is left alone before clean-up removes it (it may still be running). */
    public static final Duration DEFAULT_UNFINISHED_GRACE = Duration.ofHours(1);

    private final EventStore store;
    private final BackupProvider provider;
    private final Clock clock;
    private final BackupCatalog catalog;
    private final BackupOperation backups;
    private final RestoreOperation restores;
    private final ArchiveCiphers ciphers;
    private final BackupValidation validation;
    private final Cleanup cleanup;
    private final Forget forget;
    private final BackupCopier copier;
    private final BulkOperations bulk;
    private final IncrementalBackup incremental;
    private final OperationEvents events;
    private final PointerRepair pointerRepair;

    /** Over {@code store} and {@code provider}, without a registry, with the system clock. */
    public BackupRestoreService(EventStore store, BackupProvider provider) {
        this(builder(store, provider));
    }

    /** With a registry that get, list and clean-up read; every committed backup is recorded in it. */
    public BackupRestoreService(EventStore store, BackupProvider provider, BackupRegistry registry) {
        this(builder(store, provider).registry(registry));
    }

    BackupRestoreService(BackupRestoreServiceBuilder b) {
        this.store = b.store;
        this.provider = b.provider;
        this.clock = b.clock;
        this.catalog = new BackupCatalog(b.provider, b.registry);
        this.ciphers = new ArchiveCiphers(b.provider, b.encryption);
        this.backups = new BackupOperation(b.store, b.provider, catalog, b.clock, b.ids, b.unfinishedGrace,
                TOOL_VERSION, ciphers);
        this.restores = new RestoreOperation(b.store, b.provider, catalog, b.clock, ciphers);
        this.validation = new BackupValidation(b.provider, catalog, ciphers);
        this.cleanup = new Cleanup(b.store, b.provider, catalog, b.clock, b.unfinishedGrace);
        this.forget = new Forget(catalog, b.clock);
        this.copier = new BackupCopier(b.provider, catalog, b.clock);
        this.events = new OperationEvents(b.listeners);
        this.bulk = new BulkOperations(b.store, backups, restores, catalog, b.clock, events);
        this.incremental = new IncrementalBackup(b.store, backups, catalog, b.clock);
        this.pointerRepair = new PointerRepair(b.provider);
    }

    /** A builder for a service over {@code store} and {@code provider}; the rest is optional. */
    public static BackupRestoreServiceBuilder builder(EventStore store, BackupProvider provider) {
        return new BackupRestoreServiceBuilder(store, provider);
    }

    public EventStore store() {
        return store;
    }

    public BackupProvider provider() {
        return provider;
    }

    /** The registry get, list and clean-up read, if this service has one. */
    public Optional<BackupRegistry> registry() {
        return catalog.registry();
    }

    public BackupHandle backupStream(String objectName, String objectId) {
        return backupStream(objectName, objectId, BackupOptions.DEFAULT, null);
    }

    public BackupHandle backupStream(String objectName, String objectId, BackupOptions options) {
        return backupStream(objectName, objectId, options, null);
    }

    /** Backs up {@code objectName/objectId} as it is now; {@code StreamNotFoundException} if it has no document. */
    public BackupHandle backupStream(String objectName, String objectId, BackupOptions options,
                                     Consumer<BackupProgress> progress) {
        Ids.requireValid("objectName", objectName);
        Ids.requireValid("objectId", objectId);
        boolean delta = options != null && options.incremental();
        return events.observe(OperationType.BACKUP, delta ? "incremental" : "full", objectName, objectId,
                () -> delta ? incremental.backupStream(objectName, objectId, options, progress)
                        : backups.backupStream(objectName, objectId, options, progress),
                OperationEvents::ofBackup);
    }

    public BackupHandle backupDocument(ObjectDocument document, BackupOptions options) {
        return backupDocument(document, options, null);
    }

    /** Backs up the stream {@code document} points to, up to its {@code currentStreamVersion}. */
    public BackupHandle backupDocument(ObjectDocument document, BackupOptions options,
                                       Consumer<BackupProgress> progress) {
        if (document == null) {
            throw new IllegalArgumentException("document must not be null");
        }
        return events.observe(OperationType.BACKUP, "full", document.objectName(), document.objectId(),
                () -> backups.backupDocument(document, options, progress), OperationEvents::ofBackup);
    }

    public RestoreResult restoreStream(BackupHandle handle) {
        return restoreStream(handle, RestoreOptions.DEFAULT, null);
    }

    public RestoreResult restoreStream(BackupHandle handle, RestoreOptions options) {
        return restoreStream(handle, options, null);
    }

    /**
     * Restores a backup to the aggregate it was taken from: {@code StreamAlreadyExistsException} if that is
     * live and overwrite was not asked for, {@link BackupCorruptedException} if validation finds a problem
     * (nothing is restored then).
     */
    public RestoreResult restoreStream(BackupHandle handle, RestoreOptions options,
                                       Consumer<RestoreProgress> progress) {
        RestoreOperation.requireHandle(handle);
        return events.observe(OperationType.RESTORE, "restore", handle.objectName(), handle.objectId(),
                () -> restores.restore(handle, null, false, options, progress),
                result -> OperationEvents.ofRestore(result, handle));
    }

    public RestoreResult restoreToNewStream(BackupHandle handle, String newObjectId) {
        return restoreToNewStream(handle, newObjectId, RestoreOptions.DEFAULT, null);
    }

    public RestoreResult restoreToNewStream(BackupHandle handle, String newObjectId, RestoreOptions options) {
        return restoreToNewStream(handle, newObjectId, options, null);
    }

    /** Clones a backup to {@code newObjectId}: a new document and a new stream identifier. */
    public RestoreResult restoreToNewStream(BackupHandle handle, String newObjectId, RestoreOptions options,
                                            Consumer<RestoreProgress> progress) {
        RestoreOperation.requireHandle(handle);
        Ids.requireValid("newObjectId", newObjectId);
        return events.observe(OperationType.RESTORE, "clone", handle.objectName(), newObjectId,
                () -> restores.restore(handle, newObjectId, true, options, progress),
                result -> OperationEvents.ofRestore(result, handle));
    }

    /** Backs up each aggregate named, at most {@code maxConcurrency} at a time, reading ids as slots free up. */
    public BulkBackupResult backupMany(Iterable<String> objectIds, String objectName, BulkBackupOptions options) {
        return bulk.backupMany(objectIds, objectName, options);
    }

    /** As {@link #backupMany(Iterable, String, BulkBackupOptions)}, from a stream, which it closes. */
    public BulkBackupResult backupMany(Stream<String> objectIds, String objectName, BulkBackupOptions options) {
        return bulk.backupMany(objectIds, objectName, options);
    }

    /** Backs up every aggregate of {@code objectName} the event store lists. */
    public BulkBackupResult backupAll(String objectName, BulkBackupOptions options) {
        return bulk.backupAll(objectName, options);
    }

    /** Restores each backup to the aggregate it was taken from, at most {@code maxConcurrency} at a time. */
    public BulkRestoreResult restoreMany(Iterable<BackupHandle> handles, BulkRestoreOptions options) {
        return bulk.restoreMany(handles, options);
    }

    /** As {@link #restoreMany}, by backup id; an unknown id fails that item only. */
    public BulkRestoreResult restoreManyById(Iterable<UUID> backupIds, BulkRestoreOptions options) {
        return bulk.restoreManyById(backupIds, options);
    }

    /**
     * Restores every aggregate as it was at {@code asOf}: for each aggregate of {@code objectName} ({@code null}:
     * of every object name) that has a committed backup created at or before {@code asOf}, its newest such
     * backup, restored in place as {@link #restoreMany} does (same options, concurrency, progress, stop rules
     * and result). On equal {@code createdAt} the greater backup id wins (unsigned, which is the order of the
     * ids' canonical spelling). Backups in every location count, and so do expired ones that clean-up has
     * not deleted yet; an aggregate with no such backup is left alone, and none at all is a result with
     * zero counts. A time in the future means each aggregate's newest backup.
     *
     * <p>The backups are found as {@link #listBackups} finds them (the registry if there is one, else the
     * provider's manifests), and the whole listing is read before the first restore, keeping one small entry
     * per aggregate: memory grows with the number of aggregates, not with backups or events. A backup
     * deleted after that fails its item only.
     */
    public BulkRestoreResult restoreAsOf(Instant asOf, String objectName, BulkRestoreOptions options) {
        return bulk.restoreAsOf(asOf, objectName, options);
    }

    /**
     * The finished backup with this id, from the registry if it knows it, else the provider: through its id
     * pointer, or, where that is missing, where the registry says or by a listing of every manifest's key (a
     * warning then says to run {@link #repair}). An id no backup has costs that listing too.
     */
    public Optional<BackupHandle> getBackup(UUID backupId) {
        return catalog.get(require("backupId", backupId));
    }

    /** The finished backup with this id; {@link BackupNotFoundException} if there is none. */
    public BackupHandle requireBackup(UUID backupId) {
        return getBackup(backupId).orElseThrow(() -> new BackupNotFoundException(String.valueOf(backupId)));
    }

    /** Every unexpired backup, newest first. */
    public List<BackupHandle> listBackups() {
        return listBackups(BackupQuery.ALL);
    }

    /** The backups matching {@code query}, newest first, at most {@code maxResults}. */
    public List<BackupHandle> listBackups(BackupQuery query) {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null (use BackupQuery.ALL)");
        }
        return catalog.list(query, clock.instant());
    }

    /**
     * Reads the whole backup once and reports every problem found; a missing id pointer is a warning. The
     * handle's manifest says where to look if the pointer is missing.
     */
    public ValidationReport validateBackup(BackupHandle handle) {
        RestoreOperation.requireHandle(handle);
        return validation.validate(handle.backupId(), RestoreOperation.guess(handle)).orElseGet(() ->
                new ValidationReport(handle.backupId(), List.of("manifest is missing"), 0, null));
    }

    /**
     * Crypto-shreds an aggregate (docs/ARCHITECTURE.md section 5b): destroys its data key, so none of its
     * encrypted backups can be read again (restore and validate fail with {@code ShreddedException}); every other
     * aggregate's backups are untouched. Needs no keyset. Returns whether a data key was there to destroy.
     *
     * @throws IllegalArgumentException the ids are not valid, or the provider keeps no data keys
     */
    public boolean shred(String objectName, String objectId) {
        Ids.requireValid("objectName", objectName);
        Ids.requireValid("objectId", objectId);
        DataKeys keys = ciphers.dataKeys();
        return events.observe(OperationType.SHRED, "shred", objectName, objectId, () -> keys.shred(objectName,
                objectId), destroyed -> new OperationOutcome(0, 0, destroyed ? 1 : 0, 0));
    }

    /** As {@link #validateBackup(BackupHandle)}; {@link BackupNotFoundException} if there is no such backup. */
    public ValidationReport validateBackup(UUID backupId) {
        require("backupId", backupId);
        return validation.validate(backupId).orElseThrow(() -> new BackupNotFoundException(backupId.toString()));
    }

    /**
     * Validates every backup the provider holds, unreadable ones included, lazily, each once. A backup whose id
     * pointer is missing is validated too, with a warning (not a problem); where the provider keeps pointers this
     * costs one more listing of the manifests' keys and a small read per backup. Close the stream.
     */
    public Stream<ValidationReport> validateAll() {
        return validation.validateAll();
    }

    /**
     * As {@link #validateAll()}, for the backups of the aggregates in {@code shard} only (by the object id its
     * id pointer names, or, without a pointer, its manifest's key); a backup whose id pointer cannot be read
     * belongs to shard 0. Close the stream.
     */
    public Stream<ValidationReport> validateAll(Shard shard) {
        return validation.validateAll(require("shard", shard));
    }

    /** Deletes a backup (manifest first, so it vanishes at once), then its registry entry. */
    public boolean deleteBackup(BackupHandle handle) {
        RestoreOperation.requireHandle(handle);
        return catalog.delete(handle.backupId(), RestoreOperation.guess(handle));
    }

    /**
     * Deletes the backup with this id where the provider locates it, even with an unreadable manifest, and even
     * without its id pointer (found then as {@link #getBackup} finds it: by a listing, without a registry).
     */
    public boolean deleteBackup(UUID backupId) {
        return catalog.delete(require("backupId", backupId), null);
    }

    /** Removes expired and unfinished backups, abandoned restores and temporary files; see {@link Cleanup}. */
    public CleanupReport cleanupExpiredBackups() {
        return cleanupExpiredBackups(false);
    }

    /** As {@link #cleanupExpiredBackups()}; with {@code dryRun} it only reports what it would remove. */
    public CleanupReport cleanupExpiredBackups(boolean dryRun) {
        return observedCleanup(dryRun, () -> cleanup.run(dryRun));
    }

    /**
     * As {@link #cleanupExpiredBackups(boolean)}, for the aggregates in {@code shard} only: their expired and
     * unfinished backups and abandoned restores. Temporary files belong to no aggregate; shard 0 sweeps them.
     */
    public CleanupReport cleanupExpiredBackups(boolean dryRun, Shard shard) {
        require("shard", shard);
        return observedCleanup(dryRun, () -> cleanup.run(dryRun, shard));
    }

    private CleanupReport observedCleanup(boolean dryRun, java.util.function.Supplier<CleanupReport> work) {
        return events.observe(OperationType.CLEANUP, dryRun ? "dry-run" : "cleanup", null, null, work,
                report -> new OperationOutcome(0, 0, report.deletedCount(), 0));
    }

    /**
     * Applies {@code policy} to the backups {@code selection} picks (its object name, id, location, tags, created
     * range and {@code includeExpired}; not {@code maxResults}), aggregate by aggregate and location by location,
     * and deletes the backups no rule keeps as {@link #deleteBackup(UUID)} does; with {@code dryRun} it only
     * reports. Never removes a backup that a kept one, or one the selection left out, continues (an incremental
     * chain). A deletion that fails is reported in the {@link ForgetReport} and the others go on. See
     * {@link RetentionPolicy} for the rules. Told to the {@link OperationListener}s as a {@link OperationType#FORGET}
     * of the selection's object name and id (kind {@code forget} or {@code dry-run}).
     */
    public ForgetReport forget(BackupQuery selection, RetentionPolicy policy, boolean dryRun) {
        require("selection", selection);
        require("policy", policy);
        return events.observe(OperationType.FORGET, dryRun ? "dry-run" : "forget", selection.objectName(),
                selection.objectId(), () -> forget.run(selection, policy, dryRun),
                report -> new OperationOutcome(0, 0, report.removedCount(), report.failures().size()));
    }

    /**
     * Copies the committed backups {@code selection} picks (its object name, id, location, tags, created range and
     * {@code includeExpired}; not {@code maxResults}) to {@code destination}, another backups location in esbackup's
     * own layout, for disaster recovery (docs/ARCHITECTURE.md section 7c). Each archive is streamed through a check
     * of its size and SHA-256 against its manifest and written create-only, manifest last, under the same id: a
     * backup the destination holds already (same size and SHA-256) is skipped, a copy stopped at any point is
     * finished by running it again, and a source archive that fails its check is reported and not copied. A
     * delta's parents are copied first; an encrypted backup's data key with it. The destination's registry, if it
     * has one, is not told: rebuild it there. Told to the {@link OperationListener}s as a
     * {@link OperationType#COPY}.
     *
     * @throws IllegalArgumentException either side is not in esbackup's own layout, or the destination is this
     *                                  service's own provider
     */
    public CopyReport copyTo(BackupProvider destination, BackupQuery selection, CopyOptions options) {
        require("selection", selection);
        require("options", options);
        copier.requireCopyable(destination);
        Instant now = clock.instant();
        return observedCopy(selection.objectName(), selection.objectId(), options, () -> {
            try (Stream<BackupManifest> listed = catalog.matching(selection)) {
                Iterator<BackupCopier.Item> items = listed
                        .filter(m -> selection.includeExpired() || !m.expiredAt(now))
                        .map(m -> new BackupCopier.Item(UUID.fromString(m.backupId()), m)).iterator();
                return copier.copy(destination, items, options, true);
            }
        });
    }

    /**
     * As {@link #copyTo(BackupProvider, BackupQuery, CopyOptions)}, for the backups with these ids (read lazily,
     * so an endless input is never held); an id with no backup is a failure of its own.
     */
    public CopyReport copyTo(BackupProvider destination, Iterable<UUID> backupIds, CopyOptions options) {
        require("backupIds", backupIds);
        require("options", options);
        copier.requireCopyable(destination);
        return observedCopy(null, null, options, () -> {
            Iterator<UUID> ids = backupIds.iterator();
            Iterator<BackupCopier.Item> items = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return ids.hasNext();
                }

                @Override
                public BackupCopier.Item next() {
                    UUID id = ids.next();
                    if (id == null) {
                        throw new IllegalArgumentException("backupIds must not hold null");
                    }
                    return new BackupCopier.Item(id, null);
                }
            };
            return copier.copy(destination, items, options, false);
        });
    }

    private CopyReport observedCopy(String objectName, String objectId, CopyOptions options,
                                    java.util.function.Supplier<CopyReport> work) {
        return events.observe(OperationType.COPY, options.dryRun() ? "dry-run" : "copy", objectName, objectId, work,
                r -> new OperationOutcome(0, r.bytesCopied(), r.copied(), r.failed()));
    }

    /**
     * Makes the registry agree with the provider's manifests again; {@code IllegalStateException} without one.
     * Where the provider keeps id pointers ({@link IdPointers}), it first recreates the missing ones, as
     * {@link #repair} does.
     */
    public RebuildReport rebuildRegistry() {
        return catalog.rebuild();
    }

    /** As {@link #repair(boolean, LongConsumer)}, without progress. */
    public RepairReport repair(boolean dryRun) {
        return repair(dryRun, n -> { });
    }

    /**
     * Recreates the id pointers that are missing beside their manifests (a copy of {@code backups/} alone), so
     * each backup is found by id again without a listing; with {@code dryRun} it only counts them. A pointer that
     * names another place or cannot be read is reported, never overwritten. Reads the key of every manifest (one
     * listing) and every backup's pointer (one small read each); writes each missing pointer create-only, with the
     * bytes a backup writes. Safe to run at any time, while backups run, and again after it was killed.
     * {@code progress} is told how many manifests were looked at so far, after each. Told to the
     * {@link OperationListener}s as a {@link OperationType#REPAIR}.
     *
     * @throws IllegalStateException the provider keeps no id pointers (it has no {@link IdPointers})
     */
    public RepairReport repair(boolean dryRun, LongConsumer progress) {
        require("progress", progress);
        return events.observe(OperationType.REPAIR, dryRun ? "dry-run" : "repair", null, null,
                () -> pointerRepair.run(dryRun, progress),
                r -> new OperationOutcome(0, 0, r.recreated(), r.disagreeing() + r.failed()));
    }

    private static <T> T require(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
