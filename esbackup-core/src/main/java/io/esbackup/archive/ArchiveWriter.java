package io.esbackup.archive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.TerminatedStream;
import io.esbackup.model.json.DocumentCodec;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.json.Json;
import io.esbackup.model.json.RawTape;
import io.esbackup.internal.BackgroundOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes one archive as a stream: {@link #start}, then {@link #event} per event, then
 * {@link #snapshot} per snapshot, then {@link #terminatedStream} per terminated stream, then
 * {@link #finish}. Sections must come in that order; nothing is held in memory but the current event.
 */
public final class ArchiveWriter implements Closeable {
    private enum Section { NEW, EVENTS, SNAPSHOTS, TERMINATED, DONE }

    private final HashingOutputStream stored;
    private final BackgroundOutputStream compressing;
    private final JsonGenerator g;
    private Section section = Section.NEW;
    private boolean closed;
    private long events;
    private int snapshots;
    private int terminated;
    private long terminatedEvents;

    /** Writes into {@code out}, which is not closed. */
    public ArchiveWriter(OutputStream out, Compression compression) throws IOException {
        this(out, compression, ArchiveCipher.NONE);
    }

    /** Writes into {@code out} (not closed), compressed, then through {@code cipher}: the stored bytes. */
    public ArchiveWriter(OutputStream out, Compression compression, ArchiveCipher cipher) throws IOException {
        this.stored = new HashingOutputStream(out);
        // Generating JSON and compressing + hashing + storing it each take about one core on a big stream.
        this.compressing = new BackgroundOutputStream(compression.compress(cipher.encrypting(stored)),
                "esbackup-archive-writer");
        this.g = Json.generator(compressing);
    }

    public void start(ArchiveHeader h) throws IOException {
        require(Section.NEW);
        g.writeStartObject();
        g.writeStringField("format", ArchiveFormat.ARCHIVE);
        g.writeNumberField("formatVersion", h.parentBackupId() == null ? ArchiveFormat.VERSION
                : ArchiveFormat.DELTA_VERSION);
        g.writeStringField("backupId", h.backupId());
        g.writeStringField("objectName", h.objectName());
        g.writeStringField("objectId", h.objectId());
        g.writeStringField("createdAt", h.createdAt().toString());
        if (h.parentBackupId() != null) {
            g.writeStringField("parentBackupId", h.parentBackupId());
            g.writeNumberField("baseVersion", h.baseVersion());
        }
        g.writeFieldName("stream");
        Json.writeTree(g, DocumentCodec.streamTree(h.stream()));
        g.writeFieldName("streamHeader");
        writeHeader(h.streamHeader());
        g.writeFieldName("document");
        if (h.document() == null) {
            g.writeNull();
        } else {
            Json.writeTree(g, DocumentCodec.toTree(h.document()));
        }
        g.writeArrayFieldStart("events");
        section = Section.EVENTS;
    }

    public void event(Event e) throws IOException {
        require(Section.EVENTS);
        EventCodec.write(g, e);
        events++;
    }

    /** Adds an event as the store holds it (checked as {@link EventCodec#read} checks it), its bytes unchanged. */
    public void rawEvent(RawEvent e) throws IOException {
        require(Section.EVENTS);
        EventCodec.writeRaw(g, e);
        events++;
    }

    /** Adds a snapshot whose JSON content is read from {@code data} (not closed). */
    public void snapshot(SnapshotRef ref, InputStream data) throws IOException {
        moveTo(Section.SNAPSHOTS);
        g.writeStartObject();
        g.writeFieldName("ref");
        Json.writeTree(g, DocumentCodec.snapshotTree(ref));
        g.writeFieldName("data");
        // Byte for byte, as payloads: a store that keeps the snapshot as text gets that text back.
        RawTape tape = new RawTape(data);
        try (JsonParser p = Json.parser(tape)) {
            if (p.nextToken() == null) {
                throw new IOException("snapshot " + ref.untilVersion() + " is empty, not JSON");
            }
            io.esbackup.model.RawJson value = tape.value(p);
            if (p.nextToken() != null) {
                throw new IOException("snapshot " + ref.untilVersion() + " holds more than one JSON value");
            }
            Json.writeRaw(g, value);
        }
        g.writeEndObject();
        snapshots++;
    }

    /** Adds a terminated stream's entry, header and events. */
    public void terminatedStream(TerminatedStream ts, StreamHeader header, Iterator<Event> streamEvents)
            throws IOException {
        moveTo(Section.TERMINATED);
        g.writeStartObject();
        g.writeFieldName("stream");
        Json.writeTree(g, DocumentCodec.terminatedTree(ts));
        g.writeFieldName("header");
        writeHeader(header);
        g.writeArrayFieldStart("events");
        while (streamEvents.hasNext()) {
            EventCodec.write(g, streamEvents.next());
            terminatedEvents++;
        }
        g.writeEndArray();
        g.writeEndObject();
        terminated++;
    }

    /** Ends the archive, flushes the compressor's last frame, and returns what was written. */
    public ArchiveSummary finish() throws IOException {
        moveTo(Section.DONE);
        g.writeObjectFieldStart("summary");
        g.writeNumberField("eventCount", events);
        g.writeNumberField("snapshotCount", snapshots);
        g.writeNumberField("terminatedStreamCount", terminated);
        g.writeNumberField("terminatedEventCount", terminatedEvents);
        g.writeEndObject();
        g.writeEndObject();
        closed = true;
        g.close();
        compressing.close();
        return new ArchiveSummary(events, snapshots, terminated, terminatedEvents, stored.sha256(), stored.count());
    }

    /**
     * Releases the generator and the compressor (a native context for zstd) of an archive abandoned before
     * {@link #finish}; after {@code finish} it does nothing. What it writes then is part of a write the
     * store discards.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            g.close();
        } catch (IOException | RuntimeException ignored) {
            // abandoning the archive: the state of the generator no longer matters
        }
        compressing.abandon();
    }

    /** Bytes stored so far (compressed), for progress. */
    public long bytesWritten() {
        return stored.count();
    }

    /** The header's fields, then, if some chunks have headers of their own, {@code "chunkHeaders"}. */
    private void writeHeader(StreamHeader header) throws IOException {
        writeFields(header.fields());
        if (!header.chunks().isEmpty()) {
            g.writeObjectFieldStart("chunkHeaders");
            for (Map.Entry<Integer, Map<String, JsonNode>> c : header.chunks().entrySet()) {
                g.writeFieldName(String.valueOf(c.getKey()));
                writeFields(c.getValue());
            }
            g.writeEndObject();
        }
    }

    private void writeFields(Map<String, JsonNode> fields) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> f : fields.entrySet()) {
            g.writeFieldName(f.getKey());
            Json.writeTree(g, f.getValue());
        }
        g.writeEndObject();
    }

    /** Closes the sections between the current one and {@code target}, writing empty ones on the way. */
    private void moveTo(Section target) throws IOException {
        if (section == Section.NEW || section.compareTo(target) > 0) {
            throw new IllegalStateException("cannot write " + target + " after " + section);
        }
        while (section != target) {
            g.writeEndArray();
            section = Section.values()[section.ordinal() + 1];
            switch (section) {
                case SNAPSHOTS -> g.writeArrayFieldStart("snapshots");
                case TERMINATED -> g.writeArrayFieldStart("terminatedStreams");
                default -> { }
            }
        }
    }

    private void require(Section s) {
        if (section != s) {
            throw new IllegalStateException("archive is in section " + section + ", not " + s);
        }
    }
}
