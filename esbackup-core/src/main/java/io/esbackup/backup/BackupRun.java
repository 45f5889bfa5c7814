package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.ArchiveHeader;
import io.esbackup.archive.ArchiveWriter;
import io.esbackup.error.ConflictException;
import io.esbackup.internal.ReadAheadIterator;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.RawEventCursor;
import io.esbackup.store.RawEventReader;
import io.esbackup.store.SnapshotStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one backup reads from the event store into its archive: the stream up to the version its
 * document names (a consistent cut: events appended later are not read), then the snapshots and
 * terminated streams the options include, one event at a time.
 */
final class BackupRun {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRun.class);
    private static final int PROGRESS_EVERY = 1000;

    private final EventStore store;
    private final ObjectDocument document;
    private final BackupOptions options;
    private final Consumer<BackupProgress> report;
    private final boolean headerBeforeEvents;
    private final ChainPlan plan; // null: a backup that records nothing for incremental backups
    private String lastEventSha256;

    /**
     * @param headerBeforeEvents take the stream's header from a raw cursor's {@link RawEventCursor#headerBeforeEvents}
     *                           (one read of a long document; {@link io.esbackup.store.HeaderAfterEventsException}
     *                           if that was not all of it) rather than from a pass of its own
     */
    BackupRun(EventStore store, ObjectDocument document, BackupOptions options,
                     Consumer<BackupProgress> report, boolean headerBeforeEvents) {
        this.store = store;
        this.document = document;
        this.options = options;
        this.report = report;
        this.headerBeforeEvents = headerBeforeEvents;
        this.plan = null;
    }

    /** As above, for an incremental backup: a delta reads only the events after its parent's. */
    BackupRun(EventStore store, ObjectDocument document, BackupOptions options,
              Consumer<BackupProgress> report, boolean headerBeforeEvents, ChainPlan plan) {
        this.store = store;
        this.document = document;
        this.options = options;
        this.report = report;
        this.headerBeforeEvents = headerBeforeEvents;
        this.plan = plan;
    }

    /** SHA-256 of the last event written (incremental backups only), or {@code null}. */
    String lastEventSha256() {
        return lastEventSha256;
    }

    private int base() {
        return plan == null ? 0 : plan.baseVersion();
    }

    /** Writes the archive's content: header, events, then what the options include. */
    void writeTo(ArchiveWriter w, UUID backupId, Instant createdAt) throws IOException {
        StreamInformation active = document.active();
        int cut = active.currentStreamVersion();
        String objectName = document.objectName();
        // A store that hands over its events as bytes has them copied as they are: building each event and
        // writing it again was most of a backup's work.
        Optional<RawEventReader> rawReader = store.capability(RawEventReader.class);
        if (rawReader.isPresent()) {
            try (RawEventCursor cursor = rawReader.get().readRawEvents(objectName, active, base(), cut)) {
                start(w, backupId, createdAt, headerBeforeEvents ? cursor.headerBeforeEvents() : cursor.header());
                copyEvents(cursor.rawEvents(), RawEvent::eventVersion, w::rawEvent, w, active, cut);
            }
        } else {
            try (EventCursor cursor = store.readEvents(objectName, active, base(), cut)) {
                start(w, backupId, createdAt, cursor.header());
                copyEvents(cursor, Event::eventVersion, w::event, w, active, cut);
            }
        }
        if (options.includeSnapshots()) {
            copySnapshots(w, active);
        }
        if (options.includeTerminatedStreams()) {
            for (TerminatedStream ts : document.terminatedStreams()) {
                StreamInformation info = StreamInformation.empty(ts.streamIdentifier(), ts.streamType());
                try (EventCursor events = store.readEvents(objectName, info, 0, Integer.MAX_VALUE)) {
                    w.terminatedStream(ts, orMinimal(events.header(), document), events);
                }
            }
        }
    }

    private void start(ArchiveWriter w, UUID backupId, Instant createdAt, StreamHeader header) throws IOException {
        w.start(new ArchiveHeader(ArchiveFormat.VERSION, backupId.toString(), document.objectName(),
                document.objectId(), createdAt, document.active(), orMinimal(header, document),
                options.includeObjectDocument() ? document : null, plan == null ? null : plan.parentBackupId(),
                base()));
    }

    private void copySnapshots(ArchiveWriter w, StreamInformation active) throws IOException {
        String objectName = document.objectName();
        Optional<SnapshotStore> snapshots = store.capability(SnapshotStore.class);
        if (snapshots.isEmpty()) {
            if (!active.snapShots().isEmpty()) {
                LOG.warn("{}/{} lists {} snapshots, but its event store keeps none; not backed up", objectName,
                        document.objectId(), active.snapShots().size());
            }
            return;
        }
        for (SnapshotRef ref : active.snapShots()) {
            Optional<InputStream> data = snapshots.get().readSnapshot(objectName, active.streamIdentifier(), ref);
            if (data.isEmpty()) {
                LOG.warn("Snapshot {} of {}/{} is listed but missing; not backed up", ref.untilVersion(),
                        objectName, document.objectId());
                continue;
            }
            try (InputStream in = data.get()) {
                w.snapshot(ref, in);
            }
        }
    }

    private interface EventWrite<T> {
        void write(T event) throws IOException;
    }

    /** Events {@code 0..cut} into the archive, checked to be contiguous, read ahead on a second thread. */
    private <T> void copyEvents(Iterator<T> source, ToIntFunction<T> versionOf, EventWrite<T> write, ArchiveWriter w,
                                StreamInformation active, int cut) throws IOException {
        String objectName = document.objectName();
        long total = cut + 1L - base();
        report.accept(new BackupProgress(0, total, w.bytesWritten()));
        int expected = base();
        T last = null;
        // Parsing the store's events and writing the archive each take about a core on a long stream.
        try (ReadAheadIterator<T> events = new ReadAheadIterator<>(source, "esbackup-event-reader")) {
            while (events.hasNext()) {
                T e = events.next();
                int version = versionOf.applyAsInt(e);
                if (version != expected) {
                    throw new ConflictException("stream " + active.streamIdentifier() + " of " + objectName + "/"
                            + document.objectId() + " skips from version " + (expected - 1) + " to " + version
                            + "; it is not contiguous and cannot be backed up as is");
                }
                write.write(e);
                last = e;
                expected++;
                if ((expected - base()) % PROGRESS_EVERY == 0) {
                    report.accept(new BackupProgress(expected - base(), total, w.bytesWritten()));
                }
            }
        }
        if (plan != null && last != null) {
            lastEventSha256 = EventDigest.ofAny(last);
        }
        if (expected != cut + 1L) {
            throw new ConflictException("stream " + active.streamIdentifier() + " of " + objectName + "/"
                    + document.objectId() + " ends at version " + (expected - 1) + " but its document says "
                    + cut + "; it changed during the backup or is damaged, retry the backup");
        }
    }

    /** The stream's header, or a minimal one for a stream that has no events document yet. */
    private static StreamHeader orMinimal(StreamHeader header, ObjectDocument document) {
        return header.fields().isEmpty() ? StreamHeader.of(document.objectName(), document.objectId()) : header;
    }

}
