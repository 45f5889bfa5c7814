package io.esbackup.backup;

import io.esbackup.archive.ArchiveCipher;
import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.ArchiveSummary;
import io.esbackup.archive.ArchiveWriter;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ChainLink;
import io.esbackup.archive.EncryptionInfo;
import io.esbackup.blob.BlobInfo;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupIdTakenException;
import io.esbackup.error.StreamNotFoundException;
import io.esbackup.model.Ids;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventStore;
import io.esbackup.store.HeaderAfterEventsException;
import io.esbackup.store.StoredDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up one aggregate: a consistent cut of its stream into an archive, then the manifest, the commit.
 * A failure before the commit removes what this backup wrote; a taken id is replaced by another.
 */
final class BackupOperation {
    /** How many ids a backup draws before a taken id fails it. */
    static final int ID_DRAWS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(BackupOperation.class);

    private final EventStore store;
    private final BackupProvider provider;
    private final BackupCatalog catalog;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final Duration unfinishedGrace;
    private final String toolVersion;
    private final ArchiveCiphers ciphers;

    /** Without a keyset: encrypted backups are refused. */
    BackupOperation(EventStore store, BackupProvider provider, BackupCatalog catalog, Clock clock,
                    Supplier<UUID> ids, Duration unfinishedGrace, String toolVersion) {
        this(store, provider, catalog, clock, ids, unfinishedGrace, toolVersion, new ArchiveCiphers(provider, null));
    }

    BackupOperation(EventStore store, BackupProvider provider, BackupCatalog catalog, Clock clock,
                    Supplier<UUID> ids, Duration unfinishedGrace, String toolVersion, ArchiveCiphers ciphers) {
        this.store = store;
        this.provider = provider;
        this.catalog = catalog;
        this.clock = clock;
        this.ids = ids;
        this.unfinishedGrace = unfinishedGrace;
        this.toolVersion = toolVersion;
        this.ciphers = ciphers;
    }

    /** The aggregate as it is now; {@link StreamNotFoundException} if it has no object document. */
    BackupHandle backupStream(String objectName, String objectId, BackupOptions options,
                              Consumer<BackupProgress> progress) {
        Ids.requireValid("objectName", objectName);
        Ids.requireValid("objectId", objectId);
        requireOptions(options);
        ObjectDocument document = store.readDocument(objectName, objectId)
                .map(StoredDocument::document)
                .orElseThrow(() -> new StreamNotFoundException(objectName, objectId));
        return backupDocument(document, options, progress);
    }

    /** The stream {@code document} points to, up to its {@code currentStreamVersion}. */
    BackupHandle backupDocument(ObjectDocument document, BackupOptions options, Consumer<BackupProgress> progress) {
        return backupDocument(document, options, progress, null);
    }

    /** As above, written as {@code plan} says (a full backup or a delta of an incremental run), or plainly. */
    BackupHandle backupDocument(ObjectDocument document, BackupOptions options, Consumer<BackupProgress> progress,
                                ChainPlan plan) {
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
                return backupAt(BackupSlot.in(provider, location), document, options, report, createdAt, true,
                        plan);
            } catch (BackupIdTakenException e) {
                // Nothing of this backup was written yet: another id serves as well. Random ids do not meet,
                // so a repeat means the id source repeats itself (a shared generator that is not thread-safe
                // did, issue #20) or a retried pointer write found its own first attempt; a few draws keep
                // either from failing a backup, and a source that keeps repeating still fails loudly.
                if (draw == ID_DRAWS) {
                    throw e;
                }
                LOG.warn("Backup id {} is already taken; backing up {}/{} under another id", location.backupId(),
                        document.objectName(), document.objectId());
            }
        }
    }

    /**
     * As {@link #backupStream}, into an entry of {@code run}: the backup exists once the run commits, and the
     * catalog hears of it then, not here.
     */
    BackupHandle backupInto(PackRun run, String objectName, String objectId, BackupOptions options) {
        Ids.requireValid("objectName", objectName);
        Ids.requireValid("objectId", objectId);
        requireOptions(options);
        ObjectDocument document = store.readDocument(objectName, objectId)
                .map(StoredDocument::document)
                .orElseThrow(() -> new StreamNotFoundException(objectName, objectId));
        return backupDocumentInto(run, document, options, null);
    }

    /** As {@link #backupDocument(ObjectDocument, BackupOptions, Consumer, ChainPlan)}, into an entry of {@code run}. */
    BackupHandle backupDocumentInto(PackRun run, ObjectDocument document, BackupOptions options, ChainPlan plan) {
        requireOptions(options);
        BackupSlot slot = BackupSlot.in(run.begin(document.objectName(), document.objectId(), options.location()));
        return backupAt(slot, document, options, p -> { }, clock.instant(), false, plan);
    }

    /**
     * The id of the data key a backup of the aggregate with {@code options} is encrypted under (made now if the
     * aggregate has none), or {@code null} when {@code options} do not encrypt.
     */
    String dataKeyIdFor(BackupOptions options, String objectName, String objectId) {
        EncryptionInfo info = ciphers.prepare(options, objectName, objectId);
        return info == null ? null : info.dataKeyId();
    }

    /** {@code m}'s chain link with what it saw of the stream in the clear (opened when sealed). */
    ChainLink chainOf(BackupManifest m) {
        return ciphers.chainOf(m);
    }

    /** Fails as each backup with {@code options} would if they ask for encryption this service cannot do. */
    void requireEncryptable(BackupOptions options) {
        ciphers.requireEncryptable(options);
    }

    /** A pack run in the provider; {@link IllegalStateException} if it cannot pack. */
    PackRun startPackRun(PackLimits limits) {
        return provider.capability(PackedBackups.class).orElseThrow(() -> new IllegalStateException(
                "this backups location cannot write packs; back up without pack")).startPackRun(ids.get(), limits);
    }

    private BackupHandle backupAt(BackupSlot slot, ObjectDocument document, BackupOptions options,
                                  Consumer<BackupProgress> report, Instant createdAt, boolean record, ChainPlan plan) {
        BackupLocation location = slot.location();
        boolean committed = false;
        try {
            // The data key first (made on the aggregate's first encrypted backup): a backup killed after it leaves
            // the key, which the aggregate's next encrypted backup uses.
            EncryptionInfo sealed = ciphers.prepare(options, document.objectName(), document.objectId());
            Archived archived = writeArchive(slot, document, options, report, createdAt, plan, sealed);
            BackupManifest manifest = manifest(location, document, options, createdAt, archived.summary());
            if (plan != null) {
                manifest = plan.apply(manifest, archived.lastEventSha256());
            }
            // A shred that ran while the archive was written destroyed the key it is encrypted under, or one since
            // the parent was chosen destroyed the parent's (this delta then has a new key): publishing it would
            // report a backup that can never be read. Sealing reads the key again.
            manifest = ciphers.sealed(manifest.withEncryption(sealed));
            if (sealed != null && plan != null && plan.parent() != null) {
                ciphers.confirmKey(plan.parent().encryption(), document.objectName(), document.objectId(),
                        location.backupId().toString());
            }
            // A clean-up sweeps unfinished parts older than the grace period: one that began less than half of
            // it ago cannot have lost them, and the provider need not check.
            boolean mayHaveBeenSwept = !clock.instant().isBefore(createdAt.plus(unfinishedGrace.dividedBy(2)));
            slot.commit(manifest, mayHaveBeenSwept);
            committed = true;
            LOG.debug("Backed up {}/{} at version {} as {}: {} events, {} bytes ({})", document.objectName(),
                    document.objectId(), manifest.streamVersion(), location.backupId(), manifest.eventCount(),
                    manifest.storedSize(), options.compression().wireName());
            if (record) {
                catalog.recorded(manifest);
            }
            finalReport(report, new BackupProgress(manifest.eventCount(), manifest.eventCount(),
                    manifest.storedSize()));
            return BackupHandle.of(manifest, slot.describe());
        } catch (AlreadyExistsException e) {
            // The id or key belongs to another backup (BackupIdTakenException: nothing was written): it is not
            // ours to remove.
            throw e;
        } catch (RuntimeException e) {
            if (!committed) {
                discardUnfinished(slot, e);
            }
            throw e;
        }
    }

    /** What writing the archive stored and what its writer counted. */
    private record Archived(BlobInfo stored, ArchiveSummary summary, String lastEventSha256) {}

    /**
     * The archive, from one read of a long events document where the store can: its header is taken on the
     * way to its events. A document with header members after its events as well (none that esbackup or the
     * reference writes) is found out only past them, with the archive's header written: the archive is then
     * removed and written again with the header read first (docs/ARCHITECTURE.md, section 10).
     */
    private Archived writeArchive(BackupSlot slot, ObjectDocument document, BackupOptions options,
                                  Consumer<BackupProgress> report, Instant createdAt, ChainPlan plan,
                                  EncryptionInfo sealed) {
        long[] reported = {-1};
        try {
            return writeArchive(slot, document, options, p -> {
                reported[0] = p.eventsBackedUp();
                report.accept(p);
            }, createdAt, true, plan, sealed);
        } catch (RuntimeException e) {
            if (!HeaderAfterEventsException.isCauseOf(e)) {
                throw e;
            }
            LOG.debug("Backing up {}/{} again with its header read first: {}", document.objectName(),
                    document.objectId(), e.getMessage());
            try {
                slot.discardArchive();
            } catch (RuntimeException d) {
                d.addSuppressed(e);
                throw d;
            }
            // The listener was told of events already: it hears again only past them, never backwards.
            return writeArchive(slot, document, options, p -> {
                if (p.eventsBackedUp() > reported[0]) {
                    report.accept(p);
                }
            }, createdAt, false, plan, sealed);
        }
    }

    private Archived writeArchive(BackupSlot slot, ObjectDocument document, BackupOptions options,
                                  Consumer<BackupProgress> report, Instant createdAt, boolean headerBeforeEvents,
                                  ChainPlan plan, EncryptionInfo sealed) {
        BackupLocation location = slot.location();
        ArchiveSummary[] written = new ArchiveSummary[1];
        String[] lastEvent = new String[1];
        ArchiveCipher cipher = ciphers.forWriting(sealed, document.objectName(), document.objectId(),
                location.backupId().toString());
        BlobInfo stored = slot.writeArchive(out -> {
            try (ArchiveWriter w = new ArchiveWriter(out, options.compression(), cipher)) {
                BackupRun run = new BackupRun(store, document, options, report, headerBeforeEvents, plan);
                run.writeTo(w, location.backupId(), createdAt);
                lastEvent[0] = run.lastEventSha256();
                written[0] = w.finish();
            }
        });
        if (stored.size() != written[0].storedSize()) {
            throw new IllegalStateException("store reports " + stored.size() + " bytes for an archive of "
                    + written[0].storedSize());
        }
        return new Archived(stored, written[0], lastEvent[0]);
    }

    private BackupManifest manifest(BackupLocation location, ObjectDocument document, BackupOptions options,
                                    Instant createdAt, ArchiveSummary s) {
        StreamInformation active = document.active();
        return new BackupManifest(ArchiveFormat.VERSION, location.backupId().toString(), document.objectName(),
                document.objectId(), active.streamIdentifier(), active.currentStreamVersion(), s.eventCount(),
                createdAt, options.retention() == null ? null : createdAt.plus(options.retention()),
                options.description(), options.tags(), options.includeSnapshots(), options.includeObjectDocument(),
                options.includeTerminatedStreams(), s.snapshotCount(), s.terminatedStreamCount(),
                options.compression(), s.storedSize(), s.sha256(), options.location(), toolVersion);
    }

    /** The last report comes after the commit: a failing listener must not make a made backup look failed. */
    private static void finalReport(Consumer<BackupProgress> report, BackupProgress done) {
        try {
            report.accept(done);
        } catch (RuntimeException e) {
            LOG.warn("The progress listener failed after the backup was committed: {}", e.toString());
        }
    }

    private void discardUnfinished(BackupSlot slot, RuntimeException cause) {
        try {
            slot.discard();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.warn("Could not remove unfinished backup {}; clean-up will: {}", slot.location().backupId(),
                    e.getMessage());
        }
    }

    static void requireOptions(BackupOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (use BackupOptions.DEFAULT)");
        }
    }
}
