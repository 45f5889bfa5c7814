package io.esbackup.backup.internal;

import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.ArchiveHeader;
import io.esbackup.archive.ArchiveReader;
import io.esbackup.archive.ArchiveSummary;
import io.esbackup.archive.BackupManifest;
import io.esbackup.backup.BackupLocation;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.backup.RestoreProgress;
import io.esbackup.backup.RestoreResult;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.NotFoundException;
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
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One restore or clone, in a single pass over the archive: events, snapshots and terminated streams go
 * to streams no document points to yet; the archive's checks finish; only then is the object document
 * created or swapped with a conditional write. Any failure before the swap deletes what this run wrote
 * and leaves the live aggregate untouched. Where the store keeps a {@link RestoreJournal}, each stream is
 * recorded there before it is written, so a clean-up finds what a run killed before its swap left.
 */
public final class RestoreRun {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreRun.class);
    private static final Pattern NUMBERED = Pattern.compile("(.*)-(\\d{10})");
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
    private final RestoreJournal journal;
    private final UUID runId;
    private RestoreJournalEntry entry;
    private String entryTag;
    private Optional<StoredDocument> live = Optional.empty();

    /**
     * A run; {@code journal} is where it records its streams until the swap, or {@code null} where the store
     * keeps none, and {@code runId} names its entry there.
     */
    public RestoreRun(EventStore store, RestoreJournal journal, UUID runId, BackupManifest manifest,
                      BackupLocation location, String targetId, boolean clone, RestoreOptions options, Clock clock,
                      Consumer<RestoreProgress> progress) {
        this.journal = journal;
        this.runId = runId;
        this.store = store;
        this.manifest = manifest;
        this.location = location;
        this.objectName = location.objectName();
        this.targetId = targetId;
        this.clone = clone;
        this.options = options;
        this.clock = clock;
        this.progress = progress;
    }

    /** Fails before anything is written if the target is live and overwrite was not asked for. */
    public void checkTarget() {
        live = store.readDocument(objectName, targetId);
        if (live.isPresent() && !options.overwrite()) {
            StreamInformation active = live.get().document().active();
            throw new StreamAlreadyExistsException(objectName, targetId, active.streamIdentifier(),
                    active.currentStreamVersion());
        }
    }

    public RestoreResult execute(ArchiveReader reader) {
        ArchiveCheck check = new ArchiveCheck(manifest);
        check.location(location);
        try {
            failIfInvalid(check);
            ArchiveHeader h = reader.readHeader();
            check.header(h);
            failIfInvalid(check);
            StreamInformation source = h.stream();
            String sid = !clone && live.isEmpty() && !store.streamExists(objectName, source.streamIdentifier())
                    ? source.streamIdentifier() : freshStreamId(h);
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
            StreamInformation restored;
            // Parsing the archive's events and writing the store's events document each take about a core on
            // a long stream; the reader is used again only once the read-ahead has stopped. A store that takes
            // events as stored bytes gets them so: building each event and writing it again is most of the work.
            if (store instanceof RawEventAppender raw) {
                try (ReadAheadIterator<RawEvent> archived = new ReadAheadIterator<>(reader.rawEvents(),
                        "esbackup-archive-events")) {
                    Iterator<RawEvent> events = check.events(archived, RawEvent::eventVersion, counted);
                    restored = create(fresh, s -> raw.appendRawEvents(objectName, s, header, events));
                }
            } else {
                try (ReadAheadIterator<Event> archived = new ReadAheadIterator<>(reader.events(),
                        "esbackup-archive-events")) {
                    Iterator<Event> events = check.events(archived, counted);
                    restored = create(fresh, s -> store.appendEvents(objectName, s, header, events));
                }
            }

            List<SnapshotRef> snapshots = new ArrayList<>();
            reader.readSnapshots((ref, data) -> {
                check.snapshot(ref);
                if (options.restoreSnapshots()) {
                    store.writeSnapshot(objectName, sid, ref, data);
                    snapshots.add(ref);
                }
            });
            Map<String, String> terminated = new LinkedHashMap<>();
            Map<String, TerminatedStream> archived = new LinkedHashMap<>();
            int[] terminatedWritten = {0};
            reader.readTerminatedStreams((ts, tsHeader, tsEvents) -> {
                Iterator<Event> checked = check.terminatedEvents(ts, tsEvents);
                archived.put(ts.streamIdentifier(), ts);
                if (!options.restoreTerminatedStreams() || ts.deleted()) {
                    checked.forEachRemaining(e -> { });
                    return;
                }
                String target = clone ? freshStreamId(h) : ts.streamIdentifier();
                if (!clone && store.streamExists(objectName, target)) {
                    // The live store still has it: keep that, but still check the archived copy.
                    checked.forEachRemaining(e -> { });
                    terminated.put(ts.streamIdentifier(), target);
                    return;
                }
                create(StreamInformation.empty(target, ts.streamType()),
                        s -> store.appendEvents(objectName, s, header(tsHeader), checked));
                terminated.put(ts.streamIdentifier(), target);
                terminatedWritten[0]++;
            });
            ArchiveSummary summary = reader.finish();
            if (options.validateBeforeRestore()) {
                check.finish(summary);
                failIfInvalid(check);
            }
            progress.accept(new RestoreProgress(check.eventsRead(), total));
            StreamInformation active = restored.withSnapshots(snapshots);
            ObjectDocument document = document(h, active, terminated, archived);
            String replaced = live.map(l -> l.document().active().streamIdentifier()).orElse(null);
            RestoreResult result = new RestoreResult(location.backupId(), objectName, targetId, sid,
                    active.currentStreamVersion(), check.eventsRead(), snapshots.size(), terminatedWritten[0], replaced);
            journalPhase(RestoreJournalEntry.Phase.SWAPPING);
            swap(document);
            // From here on the restored streams are live: nothing may discard them.
            written.clear();
            endJournal();
            LOG.debug("Restored backup {} to {}/{}: stream {} at version {}{}", location.backupId(), objectName,
                    targetId, sid, active.currentStreamVersion(), replaced == null ? "" : ", replacing " + replaced);
            if (replaced != null && options.purgeReplaced()) {
                purge(replaced);
            }
            return result;
        } catch (BackupCorruptedException e) {
            discard(e);
            throw e;
        } catch (RuntimeException e) {
            discard(e);
            // A failure while the archive already showed problems (or could not be parsed) is the archive's fault.
            if (e instanceof ArchiveFormatException || !check.problems().isEmpty()) {
                List<String> problems = new ArrayList<>(check.problems());
                problems.add(e.getMessage());
                BackupCorruptedException corrupt = new BackupCorruptedException(manifest.backupId(), problems);
                corrupt.initCause(e);
                throw corrupt;
            }
            throw e;
        }
    }

    /**
     * Writes the events of a stream no document points to yet, with {@code append}; the stream is journalled
     * first. It becomes this run's to discard only if this run made it: a stream that another writer created
     * first (a concurrent restore picking the same identifier) is theirs, and this run fails with a conflict.
     */
    private StreamInformation create(StreamInformation stream, UnaryOperator<StreamInformation> append) {
        journalStream(stream.streamIdentifier());
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

    /** The document to publish: the backed-up one (or the live one), pointing at the restored stream. */
    private ObjectDocument document(ArchiveHeader h, StreamInformation active, Map<String, String> terminated,
                                    Map<String, TerminatedStream> archived) {
        ObjectDocument base;
        if (options.restoreObjectDocument() && h.document() != null) {
            base = h.document();
        } else if (live.isPresent()) {
            base = live.get().document();
        } else {
            base = ObjectDocument.create(objectName, targetId, active);
        }
        List<TerminatedStream> streams = new ArrayList<>();
        for (TerminatedStream ts : base.terminatedStreams()) {
            if (!clone) {
                streams.add(ts);
            } else if (terminated.containsKey(ts.streamIdentifier())) {
                streams.add(renamed(ts, h, active, terminated));
            }
        }
        // Restored streams the base does not list (it is not the backed-up document) are listed too, so
        // none of them is left without a document pointing at it.
        for (TerminatedStream ts : archived.values()) {
            String target = terminated.get(ts.streamIdentifier());
            if (target != null && streams.stream().noneMatch(s -> s.streamIdentifier().equals(target))) {
                streams.add(clone ? renamed(ts, h, active, terminated) : ts);
            }
        }
        if (live.isPresent()) {
            ObjectDocument current = live.get().document();
            for (TerminatedStream ts : current.terminatedStreams()) {
                if (streams.stream().noneMatch(s -> s.streamIdentifier().equals(ts.streamIdentifier()))) {
                    streams.add(ts);
                }
            }
            StreamInformation old = current.active();
            String now = clock.instant().toString();
            streams.add(new TerminatedStream(old.streamIdentifier(), old.streamType(),
                    TerminatedStream.REPLACED_BY_RESTORE, active.streamIdentifier(), now,
                    old.currentStreamVersion(), options.purgeReplaced(), options.purgeReplaced() ? now : null,
                    null, Map.of()));
        }
        return base.withObjectId(targetId).withActive(active).withTerminatedStreams(streams);
    }

    /** A clone's copy of a terminated stream entry: its new identifier, its continuation mapped along. */
    private static TerminatedStream renamed(TerminatedStream ts, ArchiveHeader h, StreamInformation active,
                                            Map<String, String> terminated) {
        String continuation = ts.continuationStreamId();
        if (continuation != null) {
            continuation = continuation.equals(h.stream().streamIdentifier()) ? active.streamIdentifier()
                    : terminated.getOrDefault(continuation, continuation);
        }
        return ts.withStreamIdentifier(terminated.get(ts.streamIdentifier()), continuation);
    }

    /** Publishes the document: create-only for a new aggregate, if-match against the live one otherwise. */
    private void swap(ObjectDocument document) {
        try {
            store.writeDocument(document, live.map(StoredDocument::etag).orElse(null));
        } catch (AlreadyExistsException e) {
            throw new StreamAlreadyExistsException(objectName, targetId, "(created during the restore)", -1);
        } catch (ConflictException e) {
            throw new ConflictException("the object document of " + objectName + "/" + targetId
                    + " changed while restoring; nothing was replaced, retry the restore", e);
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
     * only when every deletion succeeded: otherwise it is what lets a clean-up finish the job.
     */
    private void discard(RuntimeException cause) {
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
                endJournal();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Records {@code stream} in the journal before it is written: create the entry, or add to it. */
    private void journalStream(String stream) {
        if (journal == null) {
            return;
        }
        if (entry == null) {
            RestoreJournalEntry first = RestoreJournalEntry.started(runId, objectName, targetId, stream,
                    clock.instant());
            entryTag = journal.record(first);
            entry = first;
        } else {
            writeEntry(entry.withStream(stream));
        }
    }

    private void journalPhase(RestoreJournalEntry.Phase phase) {
        if (entry != null) {
            writeEntry(entry.withPhase(phase));
        }
    }

    /**
     * An if-match write of this run's entry: losing it means a clean-up took the run for abandoned (it was
     * silent for longer than the grace period) and may be deleting its streams, so the run must not go on.
     */
    private void writeEntry(RestoreJournalEntry next) {
        try {
            entryTag = journal.update(next, entryTag);
            entry = next;
        } catch (ConflictException | NotFoundException e) {
            throw new ConflictException("the restore journal entry of run " + runId + " for " + objectName + "/"
                    + targetId + " was taken by a clean-up (the run was silent longer than its grace period); "
                    + "nothing was replaced, retry the restore", e);
        }
    }

    /** The run is over (swapped, or discarded): its entry goes. A failure here only leaves it to clean-up. */
    private void endJournal() {
        if (entry == null) {
            return;
        }
        try {
            journal.remove(runId);
            entry = null;
        } catch (RuntimeException e) {
            LOG.warn("Could not remove restore journal entry {} of {}/{}; clean-up will: {}", runId, objectName,
                    targetId, e.getMessage());
        }
    }

    /**
     * A stream identifier nobody uses, in the reference's shape {@code {objectId without dashes}-{10 digits}},
     * numbered after the highest such identifier this aggregate has used.
     */
    private String freshStreamId(ArchiveHeader h) {
        String base = targetId.replace("-", "");
        base = base.length() > 150 ? base.substring(0, 150) : base;
        long next = 1;
        List<String> known = new ArrayList<>(written);
        known.add(h.stream().streamIdentifier());
        if (h.document() != null) {
            h.document().terminatedStreams().forEach(t -> known.add(t.streamIdentifier()));
        }
        live.ifPresent(l -> {
            known.add(l.document().active().streamIdentifier());
            l.document().terminatedStreams().forEach(t -> known.add(t.streamIdentifier()));
        });
        for (String sid : known) {
            Matcher m = NUMBERED.matcher(sid);
            if (m.matches() && m.group(1).equals(base)) {
                next = Math.max(next, Long.parseLong(m.group(2)) + 1);
            }
        }
        for (int attempt = 0; attempt < 1000; attempt++, next++) {
            String candidate = base + "-" + String.format("%010d", next);
            if (!written.contains(candidate) && !store.streamExists(objectName, candidate)) {
                return candidate;
            }
        }
        throw new ConflictException("no free stream identifier for " + objectName + "/" + targetId);
    }
}
