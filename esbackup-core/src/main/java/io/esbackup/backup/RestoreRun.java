package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.ArchiveHeader;
import io.esbackup.archive.ArchiveSummary;
import io.esbackup.archive.BackupManifest;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.StreamAlreadyExistsException;
import io.esbackup.internal.ReadAheadIterator;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import io.esbackup.store.EventStore;
import io.esbackup.store.RawEventAppender;
import io.esbackup.store.RestoreJournal;
import io.esbackup.store.RestoreJournalEntry;
import io.esbackup.store.SnapshotStore;
import io.esbackup.store.StoredDocument;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One restore or clone, in a single pass over the archive: events, snapshots and terminated streams go
 * to streams no document points to yet; the archive's checks finish; only then is the object document
 * created or swapped with a conditional write. Any failure before the swap deletes what this run wrote
 * and leaves the live aggregate untouched. Where the store keeps a {@link RestoreJournal}, each stream is
 * recorded there before it is written, so a clean-up finds what a run killed before its swap left.
 */
final class RestoreRun {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreRun.class);
    private static final int PROGRESS_EVERY = 1000;

    private final EventStore store;
    private final BackupManifest manifest;
    private final BackupLocation location;
    private final String objectName;
    private final String targetId;
    private final boolean clone;
    private final RestoreOptions options;
    private final Clock clock;
    private final Consumer<RestoreProgress> progress;
    private final List<String> written = new ArrayList<>();
    private final RunJournal journal;
    private Optional<StoredDocument> live = Optional.empty();
    private final ArchiveCheck check;
    private final RestorePoint point;
    private String planned; // the active stream's identifier, once planStream decided it

    /**
     * A run; {@code journal} is where it records its streams until the swap, or {@code null} where the store
     * keeps none, and {@code runId} names its entry there.
     */
    RestoreRun(EventStore store, RestoreJournal journal, UUID runId, BackupManifest manifest,
                      BackupLocation location, String targetId, boolean clone, RestoreOptions options, Clock clock,
                      Consumer<RestoreProgress> progress) {
        this.journal = new RunJournal(journal, runId, location.objectName(), targetId, clock);
        this.store = store;
        this.manifest = manifest;
        this.location = location;
        this.objectName = location.objectName();
        this.targetId = targetId;
        this.clone = clone;
        this.options = options;
        this.clock = clock;
        this.progress = progress;
        this.check = new ArchiveCheck(manifest);
        this.point = RestorePoint.of(options);
    }

    String objectName() {
        return objectName;
    }

    String targetId() {
        return targetId;
    }

    /** The checks of this run, which an incremental chain's reader adds each link's problems to. */
    ArchiveCheck check() {
        return check;
    }

    /**
     * Fails before anything is written if the target is live and overwrite was not asked for, if the backup
     * holds snapshots to restore and the store keeps none, or if the point to restore to is past its end.
     */
    void checkTarget() {
        point.check(manifest);
        if (manifest.snapshotCount() > 0 && options.restoreSnapshots()
                && store.capability(SnapshotStore.class).isEmpty()) {
            throw new IllegalStateException("backup " + manifest.backupId() + " holds " + manifest.snapshotCount()
                    + " snapshots, but the event store keeps none; restore without snapshots");
        }
        live = store.readDocument(objectName, targetId);
        if (live.isPresent() && !options.overwrite()) {
            StreamInformation active = live.get().document().active();
            throw new StreamAlreadyExistsException(objectName, targetId, active.streamIdentifier(),
                    active.currentStreamVersion());
        }
    }

    /**
     * Decides, before anything is written, the stream the events will go to, so that a group of restores can
     * name every stream in one journal entry first: the backed-up identifier when restoring in place to an
     * aggregate and a stream that are both gone (known from the manifest), else a fresh one, numbered after
     * the identifiers the archive's header and the live document use ({@code header} is read only then).
     */
    String planStream(Supplier<ArchiveHeader> header) {
        String original = manifest.streamIdentifier();
        if (!clone && live.isEmpty() && original != null && !store.streamExists(objectName, original)) {
            planned = original;
            return planned;
        }
        ArchiveHeader h;
        try {
            h = header.get();
        } catch (RuntimeException e) {
            // As the same failure reading the header in execute: an archive that cannot be read is corrupt.
            throw blamed(e, check);
        }
        planned = freshStreamId(h);
        return planned;
    }

    /**
     * Restores from {@code reader}, positioned at the start of the archive, in named steps: the header, the
     * events into a stream of their own, the snapshots, the terminated streams, the archive's last checks, and
     * only then the swap of the object document. A failure before the swap discards what this run wrote.
     */
    RestoreResult execute(ArchiveInput reader) {
        RestoreResult result = publish(prepare(reader));
        purgeReplaced(result);
        return result;
    }

    /** What a run has written and checked, ready for its swap. */
    record Prepared(ArchiveHeader header, StreamInformation active, TerminatedRestore terminated, long eventsWritten) {}

    /**
     * Every step before the swap: the streams are written (to the planned stream, if {@link #planStream} ran)
     * and the archive checked. A failure discards what this run wrote.
     */
    Prepared prepare(ArchiveInput reader) {
        ArchiveCheck check = this.check;
        check.location(location);
        try {
            failIfInvalid(check);
            ArchiveHeader h = readHeader(reader, check);
            String sid = planned != null ? planned : streamIdentifier(h);
            StreamInformation restored = restoreEvents(reader, check, h, sid);
            List<SnapshotRef> snapshots = restoreSnapshots(reader, check, sid, restored.currentStreamVersion());
            TerminatedRestore terminated = restoreTerminatedStreams(reader, check, h);
            finishChecks(reader, check);
            return new Prepared(h, restored.withSnapshots(snapshots), terminated, restored.eventCount());
        } catch (BackupCorruptedException e) {
            discard(e);
            throw e;
        } catch (RuntimeException e) {
            discard(e);
            throw blamed(e, check);
        }
    }

    private ArchiveHeader readHeader(ArchiveInput reader, ArchiveCheck check) {
        ArchiveHeader h = reader.readHeader();
        check.header(h);
        failIfInvalid(check);
        return h;
    }

    /** The backed-up identifier when restoring in place to an aggregate and a stream that are both gone. */
    private String streamIdentifier(ArchiveHeader h) {
        String original = h.stream().streamIdentifier();
        return !clone && live.isEmpty() && !store.streamExists(objectName, original) ? original : freshStreamId(h);
    }

    /**
     * The events, into stream {@code sid}. Parsing the archive's events and writing the store's events
     * document each take about a core on a long stream, so the archive is read ahead on a thread of its own;
     * the reader is used again only once the read-ahead has stopped. A store that takes events as stored
     * bytes ({@link RawEventAppender}) gets them so: building each event and writing it again is most of the
     * work. A restore to a point writes the events up to it and then reads the rest through the checks.
     */
    private StreamInformation restoreEvents(ArchiveInput reader, ArchiveCheck check, ArchiveHeader h, String sid) {
        StreamInformation source = h.stream();
        StreamInformation fresh = new StreamInformation(sid, source.streamType(), -1, source.chunkSettings(),
                source.chunked() ? source.streamChunks() : List.of(), List.of(), source.extra());
        long total = manifest.eventCount();
        progress.accept(new RestoreProgress(0, total));
        StreamHeader header = header(h.streamHeader());
        LongConsumer counted = n -> {
            if (n % PROGRESS_EVERY == 0) {
                progress.accept(new RestoreProgress(n, total));
            }
        };
        Optional<RawEventAppender> raw = store.capability(RawEventAppender.class);
        if (raw.isPresent()) {
            try (ReadAheadIterator<RawEvent> archived = new ReadAheadIterator<>(reader.rawEvents(),
                    "esbackup-archive-events")) {
                RestorePoint.Prefix<RawEvent> events = point.rawEvents(check.events(archived, RawEvent::eventVersion,
                        counted));
                return upTo(events, fresh, s -> raw.get().appendRawEvents(objectName, s, header, events));
            }
        }
        try (ReadAheadIterator<Event> archived = new ReadAheadIterator<>(reader.events(), "esbackup-archive-events")) {
            RestorePoint.Prefix<Event> events = point.events(check.events(archived, counted));
            return upTo(events, fresh, s -> store.appendEvents(objectName, s, header, events));
        }
    }

    /** Creates the stream from {@code events}' events up to the point, then reads the rest of them. */
    private StreamInformation upTo(RestorePoint.Prefix<?> events, StreamInformation fresh,
                                   UnaryOperator<StreamInformation> append) {
        events.requireFirst();
        StreamInformation created = create(fresh, append);
        events.drain();
        return point.trimmed(created);
    }

    /**
     * The snapshots, checked, and written to {@code sid} unless the options leave them out or they are past the
     * stream's {@code lastVersion} (a restore to a point).
     */
    private List<SnapshotRef> restoreSnapshots(ArchiveInput reader, ArchiveCheck check, String sid, int lastVersion) {
        List<SnapshotRef> snapshots = new ArrayList<>();
        reader.readSnapshots((ref, data) -> {
            check.snapshot(ref);
            if (options.restoreSnapshots() && point.keeps(ref, lastVersion)) {
                // checkTarget made sure the store keeps snapshots before anything was written.
                store.capability(SnapshotStore.class).orElseThrow().writeSnapshot(objectName, sid, ref, data);
                snapshots.add(ref);
            }
        });
        return snapshots;
    }

    /** Where each archived terminated stream went ({@code restoredTo}: archived id to target id). */
    record TerminatedRestore(Map<String, String> restoredTo, Map<String, TerminatedStream> archived,
                                     int written) {}

    /**
     * The terminated streams, checked; each written unless the options leave it out, it was deleted, or (in
     * place) the live store still has it, which is then kept.
     */
    private TerminatedRestore restoreTerminatedStreams(ArchiveInput reader, ArchiveCheck check, ArchiveHeader h) {
        Map<String, String> restoredTo = new LinkedHashMap<>();
        Map<String, TerminatedStream> archived = new LinkedHashMap<>();
        int[] written = {0};
        reader.readTerminatedStreams((ts, tsHeader, tsEvents) -> {
            Iterator<Event> checked = check.terminatedEvents(ts, tsEvents);
            archived.put(ts.streamIdentifier(), ts);
            if (!options.restoreTerminatedStreams() || ts.deleted()) {
                checked.forEachRemaining(e -> { });
                return;
            }
            String target = clone ? freshStreamId(h) : ts.streamIdentifier();
            if (!clone && store.streamExists(objectName, target)) {
                checked.forEachRemaining(e -> { });
                restoredTo.put(ts.streamIdentifier(), target);
                return;
            }
            create(StreamInformation.empty(target, ts.streamType()),
                    s -> store.appendEvents(objectName, s, header(tsHeader), checked));
            restoredTo.put(ts.streamIdentifier(), target);
            written[0]++;
        });
        return new TerminatedRestore(restoredTo, archived, written[0]);
    }

    /** The archive's summary against what was read, and the stored bytes' size and checksum. */
    private void finishChecks(ArchiveInput reader, ArchiveCheck check) {
        ArchiveSummary summary = reader.finish();
        if (options.validateBeforeRestore()) {
            check.finish(summary);
            failIfInvalid(check);
        }
        progress.accept(new RestoreProgress(check.eventsRead(), manifest.eventCount()));
    }

    /**
     * The swap: the restored streams become live, the replaced one is kept terminated. A failure discards what
     * this run wrote and leaves the live aggregate as it was.
     */
    RestoreResult publish(Prepared p) {
        RestoreResult result;
        boolean swapping = false;
        String replaced = live.map(l -> l.document().active().streamIdentifier()).orElse(null);
        try {
            ObjectDocument document = new RestoredDocument(store, objectName, targetId, clone, options, live, clock)
                    .document(p.header(), p.active(), p.terminated().restoredTo(), p.terminated().archived());
            result = new RestoreResult(location.backupId(), objectName, targetId, p.active().streamIdentifier(),
                    p.active().currentStreamVersion(), p.eventsWritten(), p.active().snapShots().size(),
                    p.terminated().written(), replaced);
            journal.phase(RestoreJournalEntry.Phase.SWAPPING);
            swapping = true;
            DocumentSwap.write(store, objectName, targetId, document, live);
        } catch (RuntimeException e) {
            String sid = p.active().streamIdentifier();
            DocumentSwap.Outcome left = swapping ? DocumentSwap.after(e, store, objectName, targetId, sid)
                    : DocumentSwap.Outcome.NOT_PUBLISHED;
            if (left != DocumentSwap.Outcome.NOT_PUBLISHED) {
                written.clear();
                if (left == DocumentSwap.Outcome.PUBLISHED) {
                    journal.end();
                }
                throw DocumentSwap.failedAfterWriting(e, left, objectName, targetId, sid);
            }
            discard(e);
            throw blamed(e, check);
        }
        // From here on the restored streams are live: nothing may discard them.
        written.clear();
        journal.end();
        LOG.debug("Restored backup {} to {}/{}: stream {} at version {}{}", location.backupId(), objectName,
                targetId, p.active().streamIdentifier(), p.active().currentStreamVersion(),
                replaced == null ? "" : ", replacing " + replaced);
        return result;
    }

    /**
     * With {@code purgeReplaced}, deletes the stream the swap replaced (best effort). Only once the swap is
     * durable: a group of restores calls it after its commit.
     */
    void purgeReplaced(RestoreResult result) {
        if (result.replacedStreamIdentifier() != null && options.purgeReplaced()) {
            purge(result.replacedStreamIdentifier());
        }
    }

    /** A failure while the archive already showed problems (or could not be parsed) is the archive's fault. */
    private RuntimeException blamed(RuntimeException e, ArchiveCheck check) {
        if (!(e instanceof ArchiveFormatException) && check.problems().isEmpty()) {
            return e;
        }
        List<String> problems = new ArrayList<>(check.problems());
        problems.add(e.getMessage());
        BackupCorruptedException corrupt = new BackupCorruptedException(manifest.backupId(), problems);
        corrupt.initCause(e);
        return corrupt;
    }

    /**
     * Writes a stream no document points to yet, with {@code append}; the stream is journalled first. It
     * becomes this run's to discard only if this run made it: a stream that another writer created first (a
     * concurrent restore picking the same identifier) is theirs, and this run fails with a conflict instead.
     */
    private StreamInformation create(StreamInformation stream, UnaryOperator<StreamInformation> append) {
        journal.stream(stream.streamIdentifier());
        try {
            StreamInformation created = append.apply(stream);
            written.add(stream.streamIdentifier());
            return created;
        } catch (AlreadyExistsException | ConflictException e) {
            throw new ConflictException("stream " + stream.streamIdentifier() + " of " + objectName + "/" + targetId
                    + " was created by another writer during this restore; nothing was replaced, retry the restore",
                    e);
        } catch (RuntimeException e) {
            // Part of it (earlier chunks) may have been written by this run; none of it is referenced.
            written.add(stream.streamIdentifier());
            throw e;
        }
    }

    private StreamHeader header(StreamHeader h) {
        return clone ? h.withObjectId(targetId) : h;
    }

    private void failIfInvalid(ArchiveCheck check) {
        if (options.validateBeforeRestore() && !check.problems().isEmpty()) {
            throw new BackupCorruptedException(manifest.backupId(), check.problems());
        }
    }

    private void purge(String streamIdentifier) {
        try {
            store.deleteStream(objectName, streamIdentifier);
        } catch (RuntimeException e) {
            LOG.warn("Restore of {}/{} succeeded but purging the replaced stream {} failed: {}", objectName,
                    targetId, streamIdentifier, e.getMessage());
        }
    }

    /**
     * Deletes the streams this run wrote; none of them is referenced by a document yet. The journal entry goes
     * only when every deletion succeeded: otherwise it is what lets a clean-up finish the job. Returns whether
     * every deletion succeeded (a group keeps its own entry otherwise).
     */
    boolean discard(Throwable cause) {
        boolean all = true;
        for (String sid : written) {
            try {
                store.deleteStream(objectName, sid);
            } catch (RuntimeException e) {
                all = false;
                cause.addSuppressed(e);
            }
        }
        written.clear();
        if (all) {
            try {
                journal.end();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        return all;
    }

    /** A stream identifier nobody uses, numbered after every one this aggregate has used ({@link FreshStreamIds}). */
    private String freshStreamId(ArchiveHeader h) {
        List<String> known = new ArrayList<>(written);
        known.add(h.stream().streamIdentifier());
        if (h.document() != null) {
            h.document().terminatedStreams().forEach(t -> known.add(t.streamIdentifier()));
        }
        live.ifPresent(l -> {
            known.add(l.document().active().streamIdentifier());
            l.document().terminatedStreams().forEach(t -> known.add(t.streamIdentifier()));
        });
        return FreshStreamIds.next(store, objectName, targetId, known, written::contains);
    }
}
