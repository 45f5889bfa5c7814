package io.esbackup.backup;

import io.esbackup.archive.ArchiveHeader;
import io.esbackup.archive.ArchiveSummary;
import io.esbackup.archive.BackupManifest;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.TerminatedStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.ToIntFunction;

/**
 * The checks validate and restore both run while reading an archive once: ids against the manifest,
 * contiguous versions, counts, snapshot versions, and finally size and SHA-256 of the stored bytes.
 */
final class ArchiveCheck {
    private final BackupManifest manifest;
    private final List<String> problems = new ArrayList<>();
    private long events;
    private int snapshots;
    private int terminated;
    private long terminatedEvents;
    private int streamVersion = Integer.MIN_VALUE;

    public ArchiveCheck(BackupManifest manifest) {
        this.manifest = manifest;
    }

    /** The manifest against where the backup's id pointer says it is stored. */
    public void location(BackupLocation at) {
        String says = manifest.objectName() + "/" + manifest.objectId()
                + (manifest.location() == null ? "" : " in location " + manifest.location());
        String is = at.objectName() + "/" + at.objectId() + (at.subfolder() == null ? "" : " in location "
                + at.subfolder());
        if (!manifest.backupId().equals(at.backupId().toString()) || !says.equals(is)) {
            problems.add("manifest names backup " + manifest.backupId() + " of " + says + " but is stored as backup "
                    + at.backupId() + " of " + is);
        }
    }

    public void header(ArchiveHeader h) {
        same("backupId", manifest.backupId(), h.backupId());
        same("objectName", manifest.objectName(), h.objectName());
        same("objectId", manifest.objectId(), h.objectId());
        same("streamIdentifier", manifest.streamIdentifier(), h.stream().streamIdentifier());
        same("streamVersion", manifest.streamVersion(), h.stream().currentStreamVersion());
        streamVersion = h.stream().currentStreamVersion();
        same("parentBackupId", manifest.parentBackupId(), h.parentBackupId());
        same("baseVersion", manifest.baseVersion(), h.baseVersion());
        if (manifest.includesObjectDocument() != (h.document() != null)) {
            problems.add("manifest says the object document is " + (manifest.includesObjectDocument() ? "" : "not ")
                    + "included, the archive disagrees");
        }
    }

    /** Wraps the active stream's events so each is checked (and counted) as it passes. */
    public Iterator<Event> events(Iterator<Event> source, LongConsumer onEvent) {
        return events(source, Event::eventVersion, onEvent);
    }

    /** As {@link #events(Iterator, LongConsumer)}, for events of any form whose version {@code versionOf} tells. */
    public <T> Iterator<T> events(Iterator<T> source, ToIntFunction<T> versionOf, LongConsumer onEvent) {
        return checked(source, versionOf, "event", manifest.baseVersion(), n -> {
            events++;
            onEvent.accept(events);
        });
    }

    public void snapshot(SnapshotRef ref) {
        snapshots++;
        if (ref.untilVersion() > streamVersion) {
            problems.add("snapshot at version " + ref.untilVersion() + " is past the stream's last version "
                    + streamVersion);
        }
    }

    public Iterator<Event> terminatedEvents(TerminatedStream ts, Iterator<Event> source) {
        terminated++;
        return checked(source, Event::eventVersion, "terminated stream " + ts.streamIdentifier() + " event", 0,
                n -> terminatedEvents++);
    }

    /** Checks that versions run first, first + 1, ... and tells {@code onEvent} how many have passed. */
    private <T> Iterator<T> checked(Iterator<T> source, ToIntFunction<T> versionOf, String what, int first,
                                    LongConsumer onEvent) {
        long[] n = {0};
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public T next() {
                T e = source.next();
                contiguous(what, first + n[0], versionOf.applyAsInt(e));
                n[0]++;
                onEvent.accept(n[0]);
                return e;
            }
        };
    }

    /**
     * Reads a whole archive through these checks, as validation does; problems are collected, the
     * summary as read is returned. Unreadable input throws {@code ArchiveFormatException}.
     */
    public ArchiveSummary readThrough(ArchiveInput reader) {
        header(reader.readHeader());
        // Each event is parsed and checked, not built: validation needs no more than a restore checks.
        events(reader.rawEvents(), RawEvent::eventVersion, n -> { }).forEachRemaining(e -> { });
        reader.readSnapshots((ref, data) -> snapshot(ref));
        reader.readTerminatedStreams((ts, header, tsEvents) ->
                terminatedEvents(ts, tsEvents).forEachRemaining(e -> { }));
        ArchiveSummary summary = reader.finish();
        finish(summary);
        return summary;
    }

    /** Final checks once the archive has been read to its end. */
    public void finish(ArchiveSummary s) {
        same("event count", manifest.eventCount(), events);
        if (events != streamVersion + 1L - manifest.baseVersion()) {
            problems.add("archive holds " + events + " events but its stream version is " + streamVersion
                    + (manifest.baseVersion() == 0 ? "" : " and its base version " + manifest.baseVersion()));
        }
        same("snapshot count", manifest.snapshotCount(), snapshots);
        same("terminated stream count", manifest.terminatedStreamCount(), terminated);
        declared("events", s.eventCount(), events);
        declared("snapshots", s.snapshotCount(), snapshots);
        declared("terminated streams", s.terminatedStreamCount(), terminated);
        declared("terminated stream events", s.terminatedEventCount(), terminatedEvents);
        checksum(s);
    }

    /** Size and SHA-256 of the stored bytes against the manifest. */
    public void checksum(ArchiveSummary s) {
        if (manifest.storedSize() != s.storedSize()) {
            problems.add("stored size is " + s.storedSize() + " bytes, manifest says " + manifest.storedSize());
        }
        if (!manifest.sha256().equalsIgnoreCase(s.sha256())) {
            problems.add("SHA-256 of the stored bytes is " + s.sha256() + ", manifest says " + manifest.sha256());
        }
    }

    public void problem(String p) {
        problems.add(p);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public long eventsRead() {
        return events;
    }

    private void contiguous(String what, long expected, int version) {
        if (version != expected && problems.stream().noneMatch(p -> p.startsWith(what))) {
            problems.add(what + " versions are not contiguous: expected " + expected + ", found "
                    + version);
        }
    }

    /** The archive's own summary against what was counted while reading it. */
    private void declared(String what, long declared, long counted) {
        if (declared != counted) {
            problems.add("the archive's summary declares " + declared + " " + what + " but it holds " + counted);
        }
    }

    private void same(String what, Object expected, Object actual) {
        if (!String.valueOf(expected).equals(String.valueOf(actual))) {
            problems.add(what + " is " + actual + " in the archive, " + expected + " in the manifest");
        }
    }
}
