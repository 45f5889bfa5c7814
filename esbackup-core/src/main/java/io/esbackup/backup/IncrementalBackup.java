package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ChainLink;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.DecryptionFailedException;
import io.esbackup.error.ShreddedException;
import io.esbackup.error.StreamNotFoundException;
import io.esbackup.model.Ids;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.RawEventCursor;
import io.esbackup.store.RawEventReader;
import io.esbackup.store.StoredDocument;
import io.esbackup.store.StreamFingerprints;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One incremental backup (docs/ARCHITECTURE.md, section 5a): compares the aggregate with its parent, the newest
 * backup of it in the same location, and writes nothing (unchanged), a delta of the events after the parent's
 * (appended), or a full backup (anything else), through {@link BackupOperation}.
 */
final class IncrementalBackup {
    /** The most deltas a chain holds: the next backup after this many is a full one. */
    static final int MAX_CHAIN_LENGTH = 30;
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalBackup.class);

    private final EventStore store;
    private final BackupOperation backups;
    private final BackupCatalog catalog;
    private final Clock clock;

    IncrementalBackup(EventStore store, BackupOperation backups, BackupCatalog catalog, Clock clock) {
        this.store = store;
        this.backups = backups;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The parent of a single backup: that aggregate's manifests, listed. */
    BackupHandle backupStream(String objectName, String objectId, BackupOptions options,
                              Consumer<BackupProgress> progress) {
        return backupStream(objectName, objectId, options, progress, ParentLookup.perAggregate(catalog));
    }

    BackupHandle backupStream(String objectName, String objectId, BackupOptions options,
                              Consumer<BackupProgress> progress, ParentLookup parents) {
        return backupStream(objectName, objectId, options, progress, parents, null);
    }

    /** As above; a backup that is written goes into an entry of {@code run} when there is one. */
    BackupHandle backupStream(String objectName, String objectId, BackupOptions options,
                              Consumer<BackupProgress> progress, ParentLookup parents, PackRun run) {
        Ids.requireValid("objectName", objectName);
        Ids.requireValid("objectId", objectId);
        BackupOperation.requireOptions(options);
        StoredDocument stored = store.readDocument(objectName, objectId)
                .orElseThrow(() -> new StreamNotFoundException(objectName, objectId));
        ObjectDocument document = stored.document();
        // The fingerprint is taken before any event is read, so it never describes less than what is backed up.
        String fingerprint = store.capability(StreamFingerprints.class)
                .flatMap(f -> f.fingerprint(objectName, document.active())).orElse(null);
        String documentSha256 = EventDigest.of(document);
        // An encrypted parent under another data key than the aggregate's now (it was shredded since) can neither
        // stand for this backup nor be continued: the next backup is a full one under the new key.
        String dataKeyId = backups.dataKeyIdFor(options, objectName, objectId);
        Optional<BackupManifest> parent = parents.parent(options.location(), objectName, objectId, clock.instant())
                .filter(p -> dataKeyId == null || p.encrypted() && dataKeyId.equals(p.encryption().dataKeyId()));
        // What an encrypted parent saw of the stream is sealed in its manifest; the decision needs it opened, but
        // only where this backup could continue it: a plain backup never continues an encrypted parent, so it needs
        // neither the keyset nor a key that may have been shredded since (it is a full backup).
        Optional<BackupManifest> opened = parent.flatMap(p -> sameIncludes(options, p) ? opened(p) : Optional.of(p));
        Decision decision = opened.map(p -> decide(document, options, p, fingerprint, documentSha256))
                .orElse(Decision.FULL);
        LOG.debug("Incremental backup of {}/{}: {}{}", objectName, objectId, decision,
                parent.map(p -> " (parent " + p.backupId() + ")").orElse(" (no parent)"));
        return switch (decision) {
            case UNCHANGED -> catalog.handle(parent.get()).asUnchanged();
            case DELTA -> write(run, document, options, progress, new ChainPlan(opened.get(), fingerprint,
                    documentSha256, stored.etag()));
            case FULL -> write(run, document, options, progress, ChainPlan.full(fingerprint, documentSha256,
                    stored.etag()));
        };
    }

    private BackupHandle write(PackRun run, ObjectDocument document, BackupOptions options,
                               Consumer<BackupProgress> progress, ChainPlan plan) {
        return run == null ? backups.backupDocument(document, options, progress, plan)
                : backups.backupDocumentInto(run, document, options, plan);
    }

    /**
     * {@code parent} with what its chain saw in the clear; empty (the backup is then a full one) when its seal
     * does not open to what esbackup sealed. A data key that is shredded or does not unwrap fails the backup, as
     * the full backup it would otherwise make would fail.
     */
    private Optional<BackupManifest> opened(BackupManifest parent) {
        if (parent.chain() == null || !parent.chain().isSealed()) {
            return Optional.of(parent);
        }
        try {
            return Optional.of(parent.withChain(backups.chainOf(parent)));
        } catch (ShreddedException | DecryptionFailedException e) {
            throw e;
        } catch (BackupCorruptedException e) {
            LOG.warn("Backup {} cannot be continued, its sealed chain does not open: {}; backing up {}/{} in full",
                    parent.backupId(), String.join("; ", e.problems()), parent.objectName(), parent.objectId());
            return Optional.empty();
        }
    }

    enum Decision { UNCHANGED, DELTA, FULL }

    /** Unchanged, appended (a delta) or anything else (full), per docs/ARCHITECTURE.md, section 5a. */
    Decision decide(ObjectDocument document, BackupOptions options, BackupManifest parent, String fingerprint,
                    String documentSha256) {
        ChainLink recorded = parent.chain();
        StreamInformation active = document.active();
        int version = active.currentStreamVersion();
        int parentVersion = parent.streamVersion();
        if (recorded == null || recorded.documentSha256() == null
                || !active.streamIdentifier().equals(parent.streamIdentifier()) || version < parentVersion
                || parentVersion < 0 || active.chunked() || !sameIncludes(options, parent)) {
            return Decision.FULL;
        }
        boolean sameStored = version == parentVersion && fingerprint != null
                && fingerprint.equals(recorded.streamFingerprint());
        if (!sameStored && !lastEventIs(document, parentVersion, recorded.lastEventSha256())) {
            return Decision.FULL; // rewritten
        }
        if (version == parentVersion && documentSha256.equals(recorded.documentSha256())) {
            return Decision.UNCHANGED;
        }
        long added = (long) version - parentVersion;
        if (recorded.chainLength() >= MAX_CHAIN_LENGTH || added > (version + 1L) / 2) {
            return Decision.FULL;
        }
        return Decision.DELTA;
    }

    /**
     * A parent that included other parts cannot stand for this backup, nor be continued by it; nor can one
     * encrypted where this backup is not, or the other way round: a chain is encrypted as a whole or not at all.
     */
    static boolean sameIncludes(BackupOptions options, BackupManifest parent) {
        return parent.includesSnapshots() == options.includeSnapshots()
                && parent.includesObjectDocument() == options.includeObjectDocument()
                && parent.includesTerminatedStreams() == options.includeTerminatedStreams()
                && parent.encrypted() == options.encrypt();
    }

    /** Whether the stored event at {@code version} has the digest the parent recorded for its last event. */
    private boolean lastEventIs(ObjectDocument document, int version, String sha256) {
        if (sha256 == null) {
            return false;
        }
        String objectName = document.objectName();
        StreamInformation active = document.active();
        Optional<RawEventReader> raw = store.capability(RawEventReader.class);
        if (raw.isPresent()) {
            try (RawEventCursor cursor = raw.get().readRawEvents(objectName, active, version, version)) {
                var events = cursor.rawEvents();
                return events.hasNext() && sha256.equals(EventDigest.of(events.next()));
            }
        }
        try (EventCursor cursor = store.readEvents(objectName, active, version, version)) {
            return cursor.hasNext() && sha256.equals(EventDigest.of(cursor.next()));
        }
    }
}
