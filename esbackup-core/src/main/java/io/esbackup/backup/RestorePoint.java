package io.esbackup.backup;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.esbackup.archive.BackupManifest;
import io.esbackup.internal.PeekingIterator;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamChunk;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Where a restore to a point stops ({@link RestoreOptions#toVersion()}, {@link RestoreOptions#toTime()}): the
 * active stream's events up to the point are written, the rest only read. They are still read through the
 * run's checks, so a point restore verifies the whole archive (counts, size, SHA-256) as a full restore does,
 * and a corrupt tail fails it.
 */
final class RestorePoint {
    /** No point: every event is restored. */
    static final RestorePoint ALL = new RestorePoint(null, null);

    private final Integer toVersion;
    private final Instant toTime;

    private RestorePoint(Integer toVersion, Instant toTime) {
        this.toVersion = toVersion;
        this.toTime = toTime;
    }

    static RestorePoint of(RestoreOptions options) {
        return options.toPoint() ? new RestorePoint(options.toVersion(), options.toTime()) : ALL;
    }

    /** Refuses, before anything is written, a version past the backup's last event. */
    void check(BackupManifest manifest) {
        if (toVersion != null && toVersion > manifest.streamVersion()) {
            throw new IllegalArgumentException("toVersion " + toVersion + " is past the end of backup "
                    + manifest.backupId() + ", whose last event has version " + manifest.streamVersion());
        }
    }

    /** The archived events of the active stream, as {@link Event}s, cut at the point. */
    Prefix<Event> events(Iterator<Event> events) {
        return new Prefix<>(events, Event::eventVersion, Event::timestamp);
    }

    /** The archived events of the active stream, as stored bytes, cut at the point. */
    Prefix<RawEvent> rawEvents(Iterator<RawEvent> events) {
        return new Prefix<>(events, RawEvent::eventVersion, RestorePoint::timestamp);
    }

    /** Whether a snapshot belongs to a stream restored up to {@code lastVersion}. */
    boolean keeps(SnapshotRef ref, int lastVersion) {
        return this == ALL || ref.untilVersion() <= lastVersion;
    }

    /**
     * The restored stream as the document will name it: a chunked stream keeps the backed-up chunk layout,
     * which lists chunks past the point; those were never written and go, and the last one ends at the point.
     */
    StreamInformation trimmed(StreamInformation restored) {
        if (this == ALL || !restored.chunked()) {
            return restored;
        }
        int last = restored.currentStreamVersion();
        List<StreamChunk> chunks = restored.streamChunks().stream()
                .filter(c -> c.first() <= last)
                .map(c -> c.last() > last ? new StreamChunk(c.id(), c.first(), last, c.extra()) : c)
                .toList();
        return restored.withVersion(last, chunks);
    }

    /**
     * The events up to the point; {@link #drain} then reads the rest (through the checks beneath) without
     * handing them on. The point in time is where the first event later than it comes: a stream is the prefix of
     * its history, so an event stamped earlier after a later one (a clock set back) does not come along.
     */
    final class Prefix<T> implements Iterator<T> {
        private final PeekingIterator<T> source;
        private final ToIntFunction<T> versionOf;
        private final Function<T, String> timestampOf;
        private boolean ended;
        private T judged; // the peeked event already found inside the point

        private Prefix(Iterator<T> source, ToIntFunction<T> versionOf, Function<T, String> timestampOf) {
            this.source = new PeekingIterator<>(source);
            this.versionOf = versionOf;
            this.timestampOf = timestampOf;
        }

        /**
         * Refuses, before anything is written, a time before the stream's first event: nothing would be restored.
         * A backup of no events has nothing to leave out and passes.
         */
        void requireFirst() {
            if (source.hasNext() && !hasNext()) {
                T first = source.peek();
                throw new IllegalArgumentException("toTime " + toTime + " is before the first event of the backup"
                        + " (version " + versionOf.applyAsInt(first) + " at " + timestampOf.apply(first)
                        + "): nothing would be restored");
            }
        }

        @Override
        public boolean hasNext() {
            if (ended || !source.hasNext()) {
                return false;
            }
            T next = source.peek();
            if (next != judged) {
                if (!included(next)) {
                    ended = true;
                    return false;
                }
                judged = next;
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return source.next();
        }

        /** Reads the events past the point, so that the checks beneath see the whole archive. */
        void drain() {
            source.forEachRemaining(e -> { });
        }

        private boolean included(T event) {
            if (toVersion != null) {
                return versionOf.applyAsInt(event) <= toVersion;
            }
            return toTime == null || !instant(versionOf.applyAsInt(event), timestampOf.apply(event)).isAfter(toTime);
        }
    }

    /** An event's {@code timestamp}: ISO-8601 with an offset (or {@code Z}), any precision. */
    private static Instant instant(int version, String timestamp) {
        if (timestamp == null) {
            throw new IllegalArgumentException("toTime cannot be used with this backup: event version " + version
                    + " has no timestamp");
        }
        try {
            return OffsetDateTime.parse(timestamp, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("toTime cannot be used with this backup: event version " + version
                    + " has the timestamp '" + timestamp + "', not an ISO-8601 date and time with an offset", e);
        }
    }

    /** The top-level {@code timestamp} member of a stored event, or {@code null} when absent or not a string. */
    private static String timestamp(RawEvent event) {
        try (JsonParser p = Json.parser(event.json().toUtf8())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("timestamp")) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            // The archive's reader parsed this event already; a failure here is the same corruption it would report.
            throw new IllegalStateException("event version " + event.eventVersion() + " cannot be read for its"
                    + " timestamp: " + e.getMessage(), e);
        }
    }
}
