package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.ArchiveReader;
import io.esbackup.archive.ArchiveSummary;
import io.esbackup.archive.ArchiveWriter;
import io.esbackup.archive.BackupManifest;
import io.esbackup.backup.internal.ArchiveCheck;
import io.esbackup.backup.internal.BackupRun;
import io.esbackup.backup.internal.RestoreJournalSweep;
import io.esbackup.backup.internal.RestoreRun;
import io.esbackup.blob.AbandonedWriteSweep;
import io.esbackup.blob.AbandonedWrites;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.BackupIdTakenException;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.error.NotFoundException;
import io.esbackup.error.StorageException;
import io.esbackup.error.StreamNotFoundException;
import io.esbackup.model.Ids;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventStore;
import io.esbackup.store.HeaderAfterEventsException;
import io.esbackup.store.RestoreJournal;
import io.esbackup.store.StoredDocument;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up and restores event streams: the reference's {@code IBackupRestoreService} in Java idiom.
 *
 * <p>Backups are consistent cuts (the version is read first), streamed at constant memory, checksummed,
 * and committed by writing the manifest last. Restores write to a stream nobody reads until the object
 * document is swapped with a conditional write, so a failure at any point leaves the live stream as it
 * was. See docs/ARCHITECTURE.md for the full semantics.
 *
 * <p>This class is the one public entry point for every operation, so it is mostly documented API; the
 * work itself lives in {@code BackupRun}, {@code RestoreRun}, {@link BulkOperations} and {@link BackupCatalog}.
 */
public final class BackupRestoreService {
    /** The version of esbackup that is running, as written into manifests. */
    public static final String TOOL_VERSION = ToolVersion.read();
    /** How long an unfinished backup is left alone before clean-up removes it (it may still be running). */
    public static final Duration DEFAULT_UNFINISHED_GRACE = Duration.ofHours(1);
    /** How many ids a backup draws before a taken id fails it. */
    static final int ID_DRAWS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(BackupRestoreService.class);

    private final EventStore store;
    private final BackupProvider provider;
    private final BackupCatalog catalog;
    private final BulkOperations bulk;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Duration unfinishedGrace;

    /** Over {@code store} and {@code provider}, without a registry, with the system clock. */
    public BackupRestoreService(EventStore store, BackupProvider provider) {
        this(builder(store, provider));
    }

    /**
     * With a {@link BackupRegistry} that get, list and clean-up read instead of the provider's manifests;
     * every committed backup is recorded in it.
     */
    public BackupRestoreService(EventStore store, BackupProvider provider, BackupRegistry registry) {
        this(builder(store, provider).registry(registry));
    }

    private BackupRestoreService(Builder b) {
        this.store = b.store;
        this.provider = b.provider;
        this.catalog = new BackupCatalog(b.provider, b.registry);
        this.clock = b.clock;
        this.ids = b.ids;
        this.unfinishedGrace = b.unfinishedGrace;
        this.bulk = new BulkOperations(this, b.clock);
    }

    /** A builder for a service over {@code store} and {@code provider}; the rest is optional. */
    public static Builder builder(EventStore store, BackupProvider provider) {
        return new Builder(store, provider);
    }

    /** Builds a {@link BackupRestoreService}: registry, clock, id source and grace period are optional. */
    public static final class Builder {
        private final EventStore store;
        private final BackupProvider provider;
        private BackupRegistry registry;
        private Clock clock = Clock.systemUTC();
        private Supplier<UUID> ids = UUID::randomUUID;
        private Duration unfinishedGrace = DEFAULT_UNFINISHED_GRACE;

        private Builder(EventStore store, BackupProvider provider) {
            this.store = require("store", store);
            this.provider = require("provider", provider);
        }

        /** Get, list and clean-up read this registry; every committed backup is recorded in it. */
        public Builder registry(BackupRegistry registry) {
            // A forgotten registry must not silently mean "none": leave this call out for none.
            this.registry = require("registry", registry);
            return this;
        }

        /** The clock for backup times, expiry and the grace period (tests inject one). */
        public Builder clock(Clock clock) {
            this.clock = require("clock", clock);
            return this;
        }

        /** Where backup ids come from (random UUIDs unless a test fixes them). */
        public Builder ids(Supplier<UUID> ids) {
            this.ids = require("ids", ids);
            return this;
        }

        /**
         * How long an unfinished backup is left alone before clean-up removes it; zero or more (default one
         * hour). Every service that cleans up the same backups should use the same grace: a backup that
         * began less than half of this service's grace ago commits without checking that a clean-up left
         * its id pointer and archive, which holds for clean-ups whose grace is at least as long.
         */
        public Builder unfinishedGrace(Duration grace) {
            if (grace == null || grace.isNegative()) {
                throw new IllegalArgumentException("unfinishedGrace must be zero or positive, was " + grace);
            }
            this.unfinishedGrace = grace;
            return this;
        }

        public BackupRestoreService build() {
            return new BackupRestoreService(this);
        }

        private static <T> T require(String name, T value) {
            if (value == null) {
                throw new IllegalArgumentException(name + " must not be null");
            }
            return value;
        }
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

    // ---------------------------------------------------------------- backup

    public BackupHandle backupStream(String objectName, String objectId) {
        return backupStream(objectName, objectId, BackupOptions.DEFAULT, null);
    }

    public BackupHandle backupStream(String objectName, String objectId, BackupOptions options) {
        return backupStream(objectName, objectId, options, null);
    }

    /**
     * Backs up the aggregate {@code objectName/objectId} as it is now.
     *
     * @throws StreamNotFoundException if it has no object document
     */
    public BackupHandle backupStream(String objectName, String objectId, BackupOptions options,
                                     Consumer<BackupProgress> progress) {
        Ids.requireValid("objectName", objectName);
        Ids.requireValid("objectId", objectId);
        requireOptions(options);
        ObjectDocument document = store.readDocument(objectName, objectId)
                .map(StoredDocument::document)
                .orElseThrow(() -> new StreamNotFoundException(objectName, objectId));
        return backupDocument(document, options, progress);
    }

    public BackupHandle backupDocument(ObjectDocument document, BackupOptions options) {
        return backupDocument(document, options, null);
    }

    /**
     * Backs up the stream {@code document} points to, up to its {@code currentStreamVersion}: events
     * appended later are not included.
     */
    public BackupHandle backupDocument(ObjectDocument document, BackupOptions options,
                                       Consumer<BackupProgress> progress) {
        if (document == null) {
            throw new IllegalArgumentException("document must not be null");
        }
        requireOptions(options);
        Consumer<BackupProgress> report = progress == null ? p -> { } : progress;
        Instant createdAt = clock.instant();
        for (int draw = 1; ; draw++) {
            BackupLocation location = new BackupLocation(ids.get(), document.objectName(), document.objectId(),
                    options.location());
            try {
                return backupAt(location, document, options, report, createdAt);
            } catch (BackupIdTakenException e) {
                // Nothing of this backup was written yet: another id serves as well. Random ids do not meet,
                // so a repeat means the id source repeats itself (a shared generator that is not thread-safe
                // did, issue #20); a few draws keep one such repeat from failing a backup, and a source that
                // keeps repeating still fails loudly.
                if (draw == ID_DRAWS) {
                    throw e;
                }
                LOG.warn("Backup id {} is already taken; backing up {}/{} under another id. The id source gave "
                        + "an id twice.", location.backupId(), document.objectName(), document.objectId());
            }
        }
    }

    private BackupHandle backupAt(BackupLocation location, ObjectDocument document, BackupOptions options,
                                  Consumer<BackupProgress> report, Instant createdAt) {
        StreamInformation active = document.active();
        int cut = active.currentStreamVersion();
        UUID backupId = location.backupId();
        ArchiveSummary[] written = new ArchiveSummary[1];
        boolean committed = false;
        try {
            BlobInfo stored;
            long[] reported = {-1};
            try {
                stored = writeArchive(location, document, options, p -> {
                    reported[0] = p.eventsBackedUp();
                    report.accept(p);
                }, createdAt, written, true);
            } catch (RuntimeException e) {
                if (!headerAfterEvents(e)) {
                    throw e;
                }
                // The events document has header members after its events as well as before them, which a
                // single read could not know in time: its header gets a pass of its own. Nothing was committed.
                LOG.debug("Backing up {}/{} again with its header read first: {}", document.objectName(),
                        document.objectId(), e.getMessage());
                try {
                    provider.delete(location);
                } catch (RuntimeException d) {
                    d.addSuppressed(e);
                    throw d;
                }
                // The listener was told of events already: it hears again only past them, never backwards.
                stored = writeArchive(location, document, options, p -> {
                    if (p.eventsBackedUp() > reported[0]) {
                        report.accept(p);
                    }
                }, createdAt, written, false);
            }
            ArchiveSummary s = written[0];
            if (stored.size() != s.storedSize()) {
                throw new IllegalStateException("store reports " + stored.size() + " bytes for an archive of "
                        + s.storedSize());
            }
            BackupManifest manifest = new BackupManifest(ArchiveFormat.VERSION, backupId.toString(),
                    document.objectName(), document.objectId(), active.streamIdentifier(), cut, s.eventCount(),
                    createdAt, options.retention() == null ? null : createdAt.plus(options.retention()),
                    options.description(), options.tags(), options.includeSnapshots(),
                    options.includeObjectDocument(), options.includeTerminatedStreams(), s.snapshotCount(),
                    s.terminatedStreamCount(), options.compression(), s.storedSize(), s.sha256(),
                    options.location(), TOOL_VERSION);
            // A clean-up sweeps unfinished parts older than the grace period: one that began less than half of
            // it ago cannot have lost them, and the provider need not check.
            boolean mayHaveBeenSwept = !clock.instant().isBefore(createdAt.plus(unfinishedGrace.dividedBy(2)));
            provider.writeManifest(location, manifest, mayHaveBeenSwept);
            committed = true;
            LOG.debug("Backed up {}/{} at version {} as {}: {} events, {} bytes ({})", document.objectName(),
                    document.objectId(), cut, backupId, s.eventCount(), s.storedSize(), options.compression().wireName());
            catalog.recorded(manifest);
            finalReport(report, new BackupProgress(s.eventCount(), s.eventCount(), s.storedSize()));
            return BackupHandle.of(manifest, provider.describe(location));
        } catch (AlreadyExistsException e) {
            // The id or key belongs to another backup (BackupIdTakenException: nothing was written): it is
            // not ours to remove.
            throw e;
        } catch (RuntimeException e) {
            if (!committed) {
                discardUnfinished(location, e);
            }
            throw e;
        }
    }

    private BlobInfo writeArchive(BackupLocation location, ObjectDocument document, BackupOptions options,
                                  Consumer<BackupProgress> report, Instant createdAt, ArchiveSummary[] written,
                                  boolean headerBeforeEvents) {
        return provider.writeArchive(location, out -> {
            try (ArchiveWriter w = new ArchiveWriter(out, options.compression())) {
                new BackupRun(store, document, options, report, headerBeforeEvents)
                        .writeTo(w, location.backupId(), createdAt);
                written[0] = w.finish();
            }
        });
    }

    /** Whether {@code e} is, or was caused by, a {@link HeaderAfterEventsException} (a store may wrap it). */
    private static boolean headerAfterEvents(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HeaderAfterEventsException) {
                return true;
            }
        }
        return false;
    }

    /** The last report comes after the commit: a failing listener must not make a made backup look failed. */
    private static void finalReport(Consumer<BackupProgress> report, BackupProgress done) {
        try {
            report.accept(done);
        } catch (RuntimeException e) {
            LOG.warn("The progress listener failed after the backup was committed: {}", e.toString());
        }
    }

    private void discardUnfinished(BackupLocation location, RuntimeException cause) {
        try {
            provider.delete(location);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.warn("Could not remove unfinished backup {}; clean-up will: {}", location.backupId(), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- restore

    public RestoreResult restoreStream(BackupHandle handle) {
        return restoreStream(handle, RestoreOptions.DEFAULT, null);
    }

    public RestoreResult restoreStream(BackupHandle handle, RestoreOptions options) {
        return restoreStream(handle, options, null);
    }

    /**
     * Restores a backup to the aggregate it was taken from.
     *
     * @throws io.esbackup.error.StreamAlreadyExistsException if it is live and overwrite was not asked for
     * @throws BackupCorruptedException if validation finds a problem; nothing is restored then
     */
    public RestoreResult restoreStream(BackupHandle handle, RestoreOptions options,
                                       Consumer<RestoreProgress> progress) {
        requireHandle(handle);
        return restore(handle, null, false, options, progress);
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
        requireHandle(handle);
        Ids.requireValid("newObjectId", newObjectId);
        return restore(handle, newObjectId, true, options, progress);
    }

    private RestoreResult restore(BackupHandle handle, String targetId, boolean clone, RestoreOptions options,
                                  Consumer<RestoreProgress> progress) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (use RestoreOptions.DEFAULT)");
        }
        BackupCatalog.Located found = catalog.located(handle.backupId())
                .orElseThrow(() -> new BackupNotFoundException(handle.backupId().toString()));
        BackupManifest manifest = found.manifest();
        BackupLocation location = found.location();
        // The target of a restore in place is where the id pointer says the backup belongs, not what a
        // (possibly damaged) manifest says.
        // Run ids only name journal entries; they are random rather than from the backup-id source, which
        // tests fix, because two runs at once must never share an entry.
        RestoreRun run = new RestoreRun(store, store instanceof RestoreJournal j ? j : null, UUID.randomUUID(),
                manifest, location, clone ? targetId : location.objectId(), clone, options, clock,
                progress == null ? p -> { } : progress);
        run.checkTarget();
        try (InputStream in = provider.openArchive(location);
             ArchiveReader reader = openReader(in, manifest)) {
            return run.execute(reader);
        } catch (IOException e) {
            throw new StorageException("reading backup " + handle.backupId(), e);
        }
    }

    private static ArchiveReader openReader(InputStream in, BackupManifest manifest) {
        try {
            return new ArchiveReader(in, manifest.compression());
        } catch (ArchiveFormatException e) {
            BackupCorruptedException corrupt = new BackupCorruptedException(manifest.backupId(),
                    List.of(e.getMessage()));
            corrupt.initCause(e);
            throw corrupt;
        }
    }

    // ---------------------------------------------------------------- bulk

    /**
     * Backs up each aggregate of {@code objectName} named by {@code objectIds}, taking ids from the input
     * only as slots free up (so it may be endless), at most {@code maxConcurrency} at a time. A collection's
     * size is reported as the total.
     *
     * @throws BulkBackupException if it stopped early (a failure without continue-on-error, or an interrupt)
     */
    public BulkBackupResult backupMany(Iterable<String> objectIds, String objectName, BulkBackupOptions options) {
        require("objectIds", objectIds);
        require("options", options);
        return bulk.backupMany(objectIds.iterator(), sizeOf(objectIds), objectName, options);
    }

    /** As {@link #backupMany(Iterable, String, BulkBackupOptions)}, from a stream, which it closes. */
    public BulkBackupResult backupMany(Stream<String> objectIds, String objectName, BulkBackupOptions options) {
        require("objectIds", objectIds);
        require("options", options);
        try (objectIds) {
            Spliterator<String> ids = objectIds.spliterator();
            return bulk.backupMany(Spliterators.iterator(ids), ids.getExactSizeIfKnown(), objectName, options);
        }
    }

    /** Backs up every aggregate of {@code objectName} the event store lists, in one call. */
    public BulkBackupResult backupAll(String objectName, BulkBackupOptions options) {
        Ids.requireValid("objectName", objectName);
        return backupMany(store.listObjectIds(objectName), objectName, options);
    }

    /**
     * Restores each backup to the aggregate it was taken from, with the options' restore settings, at most
     * {@code maxConcurrency} at a time, taking handles from the input only as slots free up.
     *
     * @throws BulkRestoreException if it stopped early (a failure without continue-on-error, or an interrupt)
     */
    public BulkRestoreResult restoreMany(Iterable<BackupHandle> handles, BulkRestoreOptions options) {
        require("handles", handles);
        require("options", options);
        return bulk.restoreMany(handles.iterator(), sizeOf(handles), BackupHandle::backupId,
                h -> restoreStream(h, options.restoreOptions()), options);
    }

    /**
     * As {@link #restoreMany}, by backup id: each id is looked up when its turn comes, so an unknown id is a
     * failure of that item ({@code BackupNotFoundException}), not of the run.
     */
    public BulkRestoreResult restoreManyById(Iterable<UUID> backupIds, BulkRestoreOptions options) {
        require("backupIds", backupIds);
        require("options", options);
        return bulk.restoreMany(backupIds.iterator(), sizeOf(backupIds), id -> id,
                id -> restoreStream(requireBackup(id), options.restoreOptions()), options);
    }

    private static long sizeOf(Iterable<?> items) {
        return items instanceof Collection<?> c ? c.size() : -1;
    }

    private static <T> T require(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    // ---------------------------------------------------------------- manage

    /**
     * The finished backup with this id, found without scanning: in the registry if there is one and it knows
     * the id, otherwise through the provider (a registry that fell behind does not hide a backup).
     */
    public Optional<BackupHandle> getBackup(UUID backupId) {
        if (backupId == null) {
            throw new IllegalArgumentException("backupId must not be null");
        }
        return catalog.find(backupId).map(this::handle);
    }

    /** The finished backup with this id; {@link BackupNotFoundException} if there is none. */
    public BackupHandle requireBackup(UUID backupId) {
        return getBackup(backupId).orElseThrow(() -> new BackupNotFoundException(String.valueOf(backupId)));
    }

    /** Every unexpired backup, newest first. */
    public List<BackupHandle> listBackups() {
        return listBackups(BackupQuery.ALL);
    }

    /**
     * The backups matching {@code query}, newest first, at most {@code maxResults}: from the registry if
     * there is one, otherwise from the provider's manifests.
     */
    public List<BackupHandle> listBackups(BackupQuery query) {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null (use BackupQuery.ALL)");
        }
        return catalog.newestFirst(query, clock.instant()).stream().map(this::handle).toList();
    }

    /**
     * Reads the whole backup once and reports every problem found: manifest and archive ids, size and
     * SHA-256 of the stored bytes, format version, contiguous versions, counts, snapshot versions.
     */
    public ValidationReport validateBackup(BackupHandle handle) {
        requireHandle(handle);
        return validate(handle.backupId()).orElseGet(() ->
                new ValidationReport(handle.backupId(), List.of("manifest is missing"), 0, null));
    }

    /**
     * Validates the backup with this id, reporting a manifest that cannot be read as a problem.
     *
     * @throws BackupNotFoundException if there is no finished backup with this id
     */
    public ValidationReport validateBackup(UUID backupId) {
        require("backupId", backupId);
        return validate(backupId).orElseThrow(() -> new BackupNotFoundException(backupId.toString()));
    }

    /**
     * Validates every backup the provider holds, expired ones and those whose manifest cannot be read
     * included (unfinished backups are clean-up's business, not validation's), lazily, one at a time.
     * Close the stream.
     */
    public Stream<ValidationReport> validateAll() {
        return provider.listBackupIds().map(this::validate).flatMap(Optional::stream);
    }

    /** The report for a backup, or empty when no finished backup has this id. */
    private Optional<ValidationReport> validate(UUID backupId) {
        Optional<BackupCatalog.Located> found;
        try {
            found = catalog.located(backupId);
        } catch (BackupCorruptedException e) {
            return Optional.of(new ValidationReport(backupId, e.problems(), 0, null));
        }
        return found.map(this::validate);
    }

    private ValidationReport validate(BackupCatalog.Located found) {
        UUID backupId = found.location().backupId();
        BackupManifest manifest = found.manifest();
        ArchiveCheck check = new ArchiveCheck(manifest);
        check.location(found.location());
        String sha = null;
        try (InputStream in = provider.openArchive(found.location());
             ArchiveReader reader = new ArchiveReader(in, manifest.compression())) {
            sha = check.readThrough(reader).sha256();
        } catch (NotFoundException e) {
            check.problem("archive is missing: " + e.getMessage());
        } catch (ArchiveFormatException e) {
            check.problem(e.getMessage());
        } catch (IOException e) {
            check.problem("archive cannot be read: " + e.getMessage());
        }
        return new ValidationReport(backupId, check.problems(), check.eventsRead(), sha);
    }

    /**
     * Deletes a backup (manifest first, so it vanishes at once), then its registry entry; returns whether
     * it existed. The entry is removed even when the provider has no such backup, so calling this again
     * cleans up after a registry that failed the first time.
     */
    public boolean deleteBackup(BackupHandle handle) {
        requireHandle(handle);
        return deleteBackup(handle.backupId());
    }

    /**
     * Deletes the backup with this id where its id pointer says it is, without reading its manifest, so a
     * backup whose manifest is unreadable can be removed too; then its registry entry. Returns whether the
     * provider had it.
     */
    public boolean deleteBackup(UUID backupId) {
        if (backupId == null) {
            throw new IllegalArgumentException("backupId must not be null");
        }
        Optional<BackupLocation> location;
        try {
            location = provider.locate(backupId);
        } catch (ArchiveFormatException e) {
            BackupCorruptedException corrupt = new BackupCorruptedException(backupId.toString(),
                    List.of(e.getMessage()));
            corrupt.initCause(e);
            throw corrupt;
        }
        location.ifPresent(provider::delete);
        catalog.forget(backupId);
        return location.isPresent();
    }

    /**
     * Removes expired backups, unfinished ones older than the grace period, and temporary files of writes
     * abandoned that long ago; returns what it removed.
     */
    public CleanupReport cleanupExpiredBackups() {
        return cleanupExpiredBackups(false);
    }

    /**
     * As {@link #cleanupExpiredBackups()}; with {@code dryRun} it only reports what it would remove. Expired
     * backups are found in the registry if there is one; unfinished ones have no manifest, so they are always
     * found by scanning the provider. Restores killed before their swap and silent for the grace period are
     * found in the event store's {@link RestoreJournal}, and their streams that no document references are
     * deleted. Temporary files ({@link AbandonedWrites}) last modified before the grace period are swept from
     * the provider's and the event store's blob storage where it has them.
     */
    public CleanupReport cleanupExpiredBackups(boolean dryRun) {
        Instant now = clock.instant();
        List<BackupHandle> expired = catalog.expired(now).stream().map(this::handle).toList();
        List<UnfinishedBackup> unfinished;
        try (Stream<UnfinishedBackup> all = provider.listUnfinished()) {
            unfinished = all.filter(u -> u.lastModified().plus(unfinishedGrace).isBefore(now)).toList();
        }
        if (!dryRun) {
            for (BackupHandle h : expired) {
                LOG.debug("Deleting backup {} of {}/{}: expired at {}", h.backupId(), h.objectName(), h.objectId(),
                        h.expiresAt());
                provider.delete(location(h.manifest()));
                catalog.forget(h.backupId());
            }
            for (UnfinishedBackup u : unfinished) {
                LOG.debug("Removing unfinished backup {} ({}, last written {})", u.location().backupId(), u.key(),
                        u.lastModified());
                provider.discardUnfinished(u);
                // A manifest removed behind the registry's back leaves an entry for what is now unfinished.
                catalog.forget(u.location().backupId());
            }
        }
        // Restores before temporary files: a restore killed mid-append leaves both, and one clean-up takes both.
        List<AbandonedRestore> restores = store instanceof RestoreJournal journal
                ? new RestoreJournalSweep(store, journal).sweep(now.minus(unfinishedGrace), dryRun) : List.of();
        int temporaryFiles = sweepAbandonedWrites(now.minus(unfinishedGrace), dryRun);
        return new CleanupReport(expired, unfinished, dryRun, restores, temporaryFiles);
    }

    /**
     * Sweeps the temporary files of abandoned writes from the blob stores behind the provider and the event
     * store, where they are blob-backed and their store has the capability (a local folder has, Azure has not).
     */
    private int sweepAbandonedWrites(Instant modifiedBefore, boolean dryRun) {
        List<BlobStore> storages = new ArrayList<>(2);
        if (provider instanceof BlobBackupProvider p) {
            storages.add(p.blobs());
        }
        if (store instanceof BlobEventStore s && storages.stream().noneMatch(b -> b == s.blobs())) {
            storages.add(s.blobs());
        }
        int removed = 0;
        for (BlobStore blobs : storages) {
            Optional<AbandonedWrites> sweeper = blobs.capability(AbandonedWrites.class);
            if (sweeper.isPresent()) {
                AbandonedWriteSweep swept = sweeper.get().sweepAbandonedWrites(modifiedBefore, dryRun);
                swept.files().forEach(f -> LOG.debug("{} abandoned temporary file {}",
                        dryRun ? "Would remove" : "Removed", f));
                removed += swept.count();
            }
        }
        return removed;
    }

    /**
     * Makes the registry agree with the provider's manifests again, after it fell behind (a failed record
     * or removal, a registry that was lost or added later): removes the entries whose backup the provider no
     * longer has, then records every manifest the provider lists. Reads every manifest, so it takes as long
     * as a listing without a registry; memory stays constant. A backup deleted while this runs may be
     * recorded again; run it once more then.
     *
     * @throws IllegalStateException if this service has no registry
     */
    public RebuildReport rebuildRegistry() {
        return catalog.rebuild();
    }

    private BackupHandle handle(BackupManifest m) {
        return BackupHandle.of(m, provider.describe(location(m)));
    }

    private static BackupLocation location(BackupManifest m) {
        return BlobBackupProvider.locationOf(m);
    }

    private static void requireOptions(BackupOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (use BackupOptions.DEFAULT)");
        }
    }

    private static void requireHandle(BackupHandle handle) {
        if (handle == null || handle.backupId() == null) {
            throw new IllegalArgumentException("handle must not be null");
        }
    }
}
