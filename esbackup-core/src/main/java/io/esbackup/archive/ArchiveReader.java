package io.esbackup.archive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.blob.BlobWriter;
import io.esbackup.internal.LookaheadIterator;
import io.esbackup.internal.ReadAheadInputStream;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.RawEvent;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.TerminatedStream;
import io.esbackup.model.json.DocumentCodec;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.json.Json;
import io.esbackup.model.json.RawTape;
import io.esbackup.model.json.internal.EventArrayScanner;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one archive in a single streamed pass, in the order it was written: {@link #readHeader},
 * {@link #events}, {@link #readSnapshots}, {@link #readTerminatedStreams}, {@link #finish}. The SHA-256
 * of the stored bytes is computed on the way; {@link #finish} reports it with the declared counts.
 * Anything unreadable (bad JSON, truncation, a broken compression frame) is an
 * {@link ArchiveFormatException}.
 */
public final class ArchiveReader implements Closeable {

    /** Receives each snapshot; {@code data} writes the snapshot's JSON and may be used at most once. */
    @FunctionalInterface
    public interface SnapshotVisitor {
        void snapshot(SnapshotRef ref, BlobWriter data) throws IOException;
    }

    /** Receives each terminated stream; {@code events} must be used before returning or not at all. */
    @FunctionalInterface
    public interface TerminatedStreamVisitor {
        void terminatedStream(TerminatedStream stream, StreamHeader header, Iterator<Event> events)
                throws IOException;
    }

    private final HashingInputStream stored;
    private final InputStream decompressed;
    // Replaced once, after the events, when they were walked as bytes (see rawEvents).
    private JsonParser p;
    private RawTape tape;

    public ArchiveReader(InputStream in, Compression compression) {
        this(in, compression, ArchiveCipher.NONE);
    }

    /** Reads the stored bytes of {@code in} through {@code cipher}, then decompressed. */
    public ArchiveReader(InputStream in, Compression compression, ArchiveCipher cipher) {
        this.stored = new HashingInputStream(in);
        try {
            // Reading, hashing and decompressing run beside the parsing: each takes about a core on a big archive.
            this.decompressed = new ReadAheadInputStream(compression.decompress(cipher.decrypting(stored)),
                    "esbackup-archive-reader");
            this.tape = new RawTape(decompressed);
            this.p = Json.parser(tape);
        } catch (IOException e) {
            throw new ArchiveFormatException("archive cannot be decompressed as " + compression.wireName() + ": "
                    + Json.describe(e), e);
        }
    }

    /** Reads everything before the events; leaves the reader at the first event. */
    public ArchiveHeader readHeader() {
        try {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ArchiveFormatException("archive is not a JSON object");
            }
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("events")) {
                    expect(JsonToken.START_ARRAY, "events");
                    return header(fields);
                }
                fields.put(name, Json.readTree(p));
            }
            throw new ArchiveFormatException("archive has no events section");
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static ArchiveHeader header(Map<String, JsonNode> f) {
        if (!ArchiveFormat.ARCHIVE.equals(text(f, "format"))) {
            throw new ArchiveFormatException("not an esbackup archive (format must be '" + ArchiveFormat.ARCHIVE + "')");
        }
        JsonNode version = f.get("formatVersion");
        ArchiveFormat.requireSupported("archive", version == null ? -1 : version.asInt(-1));
        try {
            JsonNode doc = f.get("document");
            ObjectDocument document = doc == null || doc.isNull() ? null : DocumentCodec.fromTree(doc);
            boolean delta = version.asInt() == ArchiveFormat.DELTA_VERSION;
            if (delta && (text(f, "parentBackupId") == null || f.get("baseVersion") == null
                    || !f.get("baseVersion").canConvertToInt())) {
                throw new ArchiveFormatException("a delta archive (format version 2) must name its parentBackupId "
                        + "and baseVersion");
            }
            return new ArchiveHeader(version.asInt(), text(f, "backupId"), text(f, "objectName"), text(f, "objectId"),
                    Instant.parse(String.valueOf(text(f, "createdAt"))), DocumentCodec.stream(f.get("stream")),
                    streamHeader(f.get("streamHeader"), f.get("chunkHeaders")), document,
                    delta ? text(f, "parentBackupId") : null, delta ? f.get("baseVersion").asInt() : 0);
        } catch (RuntimeException e) {
            throw new ArchiveFormatException("archive header is not valid: " + Json.describe(e), e);
        }
    }

    /** A header and, where chunks have their own, the {@code chunkHeaders} object that follows it. */
    private static StreamHeader streamHeader(JsonNode fields, JsonNode chunkHeaders) {
        return new StreamHeader(fields(fields), chunks(chunkHeaders));
    }

    private static Map<Integer, Map<String, JsonNode>> chunks(JsonNode chunkHeaders) {
        Map<Integer, Map<String, JsonNode>> chunks = new LinkedHashMap<>();
        if (chunkHeaders != null && chunkHeaders.isObject()) {
            chunkHeaders.fields().forEachRemaining(c -> chunks.put(Integer.valueOf(c.getKey()), fields(c.getValue())));
        }
        return chunks;
    }

    private static Map<String, JsonNode> fields(JsonNode object) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        }
        return fields;
    }

    /** The events of the active stream, read lazily; exhaust it before reading on. */
    public Iterator<Event> events() {
        return new EventArray<>(EventCodec::read);
    }

    /**
     * The events as the archive holds them, each parsed and checked as {@link #events()} does but not built:
     * for a restore into a store that takes stored bytes ({@code RawEventAppender}). They are walked as
     * bytes ({@link EventArrayScanner}); after the array, parsing goes on where the scanner stopped.
     */
    public Iterator<RawEvent> rawEvents() {
        EventArrayScanner scanner;
        try {
            // The archive object and the events array are open around the events: depth 2.
            scanner = new EventArrayScanner(tape.from(p.currentLocation().getByteOffset()), 2);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("rawEvents must follow readHeader", e);
        }
        return new LookaheadIterator<>() {
            @Override
            protected RawEvent computeNext() {
                try {
                    RawEvent e = scanner.next();
                    if (e == null) {
                        resumeAfter(scanner);
                    }
                    return e;
                } catch (IOException e) {
                    throw unreadable(e);
                } catch (IllegalArgumentException e) {
                    throw new ArchiveFormatException("archive holds an invalid event: " + Json.describe(e), e);
                }
            }
        };
    }

    /**
     * A new parser for what follows the events: the archive object's remaining members, read as if they
     * opened an object of their own, so the sections after the events are read as before.
     */
    private void resumeAfter(EventArrayScanner scanner) throws IOException {
        InputStream rest = scanner.membersAfter();
        p.close(); // its buffers only: it does not close the stream under it
        tape = new RawTape(rest);
        p = Json.parser(tape);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new ArchiveFormatException("archive cannot be read on after its events");
        }
    }

    /** How one event is read at its {@code START_OBJECT}. */
    private interface EventRead<T> {
        T read(JsonParser p, RawTape tape) throws IOException;
    }

    public void readSnapshots(SnapshotVisitor visitor) {
        try {
            section("snapshots");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                SnapshotRef ref = null;
                boolean hadData = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals("ref")) {
                        ref = DocumentCodec.snapshot(Json.readTree(p));
                    } else if (name.equals("data")) {
                        if (ref == null) {
                            throw new ArchiveFormatException("snapshot data comes before its ref");
                        }
                        hadData = true;
                        boolean[] used = {false};
                        visitor.snapshot(ref, out -> {
                            if (used[0]) {
                                throw new IllegalStateException("snapshot data can be written once");
                            }
                            used[0] = true;
                            copySnapshot(out);
                        });
                        if (!used[0]) {
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                if (ref == null || !hadData) {
                    throw new ArchiveFormatException("a snapshot entry lacks its ref or data");
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException("archive holds an invalid snapshot: " + Json.describe(e), e);
        }
    }

    /**
     * Copies the snapshot value at the parser to {@code out}. A failure to read is the archive's
     * ({@link ArchiveFormatException}); a failure to write stays the destination's {@link IOException}.
     */
    private void copySnapshot(java.io.OutputStream out) throws IOException {
        boolean[] writeFailed = {false};
        java.io.OutputStream tracked = new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    writeFailed[0] = true;
                    throw e;
                }
            }
        };
        try {
            io.esbackup.model.RawJson value = tape.value(p);
            value.writeTo(tracked);
        } catch (IOException e) {
            if (writeFailed[0]) {
                throw e;
            }
            throw unreadable(e);
        }
    }

    public void readTerminatedStreams(TerminatedStreamVisitor visitor) {
        try {
            section("terminatedStreams");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                TerminatedStream ts = null;
                StreamHeader header = new StreamHeader(Map.of());
                boolean hadEvents = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "stream" -> ts = DocumentCodec.terminated(Json.readTree(p));
                        case "header" -> header = streamHeader(Json.readTree(p), null);
                        case "chunkHeaders" -> header = new StreamHeader(header.fields(), chunks(Json.readTree(p)));
                        case "events" -> {
                            if (ts == null) {
                                throw new ArchiveFormatException("terminated stream events come before its entry");
                            }
                            expect(JsonToken.START_ARRAY, "terminated stream events");
                            hadEvents = true;
                            EventArray<Event> events = new EventArray<>(EventCodec::read);
                            visitor.terminatedStream(ts, header, events);
                            while (events.hasNext()) {
                                events.next();
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
                if (ts == null || !hadEvents) {
                    throw new ArchiveFormatException("a terminated stream entry lacks its stream or events");
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        } catch (IllegalArgumentException e) {
            throw new ArchiveFormatException("archive holds an invalid terminated stream: " + Json.describe(e), e);
        }
    }

    /**
     * Reads the summary and the end of the archive, then every remaining stored byte, and returns the
     * declared counts with the SHA-256 and size of all stored bytes.
     */
    public ArchiveSummary finish() {
        try {
            if (p.nextToken() != JsonToken.FIELD_NAME || !"summary".equals(p.currentName())) {
                throw new ArchiveFormatException("archive has no summary section where expected");
            }
            p.nextToken();
            JsonNode s = Json.readTree(p);
            if (p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new ArchiveFormatException("archive has content after its summary");
            }
            decompressed.transferTo(java.io.OutputStream.nullOutputStream());
            stored.drain();
            return new ArchiveSummary(s.path("eventCount").asLong(-1), s.path("snapshotCount").asInt(-1),
                    s.path("terminatedStreamCount").asInt(-1), s.path("terminatedEventCount").asLong(-1),
                    stored.sha256(), stored.count());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    @Override
    public void close() {
        try {
            p.close();
            decompressed.close();
        } catch (IOException ignored) {
            // read-only
        }
    }

    private void section(String name) throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME || !name.equals(p.currentName())) {
            throw new ArchiveFormatException("archive has no " + name + " section where expected (found "
                    + p.currentToken() + " " + p.currentName() + ")");
        }
        p.nextToken();
        expect(JsonToken.START_ARRAY, name);
    }

    private void expect(JsonToken token, String what) {
        if (p.currentToken() != token) {
            throw new ArchiveFormatException("archive " + what + " must be " + token + ", found " + p.currentToken());
        }
    }

    private static String text(Map<String, JsonNode> f, String name) {
        JsonNode v = f.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ArchiveFormatException unreadable(IOException e) {
        return new ArchiveFormatException("archive cannot be read: " + Json.describe(e), e);
    }

    /** Iterates an events array the parser stands at, leaving the parser on its END_ARRAY. */
    private final class EventArray<T> extends LookaheadIterator<T> {
        private final EventRead<T> reader;

        EventArray(EventRead<T> reader) {
            this.reader = reader;
        }

        @Override
        protected T computeNext() {
            try {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT) {
                    return reader.read(p, tape);
                }
                if (t == JsonToken.END_ARRAY) {
                    return null;
                }
                throw new ArchiveFormatException("expected an event but found " + t);
            } catch (IOException e) {
                throw unreadable(e);
            } catch (IllegalArgumentException e) {
                throw new ArchiveFormatException("archive holds an invalid event: " + Json.describe(e), e);
            }
        }
    }
}
