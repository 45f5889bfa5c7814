package io.esbackup.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobStore;
import io.esbackup.error.BackupException;
import io.esbackup.error.NotFoundException;
import io.esbackup.internal.LookaheadIterator;
import io.esbackup.internal.PrefixedInputStream;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.json.Json;
import io.esbackup.model.json.RawTape;
import io.esbackup.model.json.internal.EventArrayScanner;
import io.esbackup.store.internal.HeaderScanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads events from one or more events documents (a stream's file, or its chunks in order) one event
 * at a time, with one blob open at a time.
 */
final class BlobEventCursor extends LookaheadIterator<Event> implements RawEventCursor {
    static final int KEEP_AT_MOST = 256 * 1024;
    private final BlobStore blobs;
    private final List<String> keys;
    private final List<Integer> chunkIds;
    private final int from;
    private final int to;
    private final StreamHeader fallbackHeader;
    private int keyIndex;
    private Blob blob;
    private JsonParser parser;
    private RawTape tape;
    private EventArrayScanner scanner;
    /** The first document's bytes, kept by the header pass when it is short; read by the events pass. */
    private String keptKey;
    private byte[] keptBytes;
    private StreamHeader header;
    /**
     * Set by {@link #headerBeforeEvents} when it handed out the members before {@code events} of a long
     * document: the events pass must then check that none follow them.
     */
    private boolean checkAfterEvents;
    /** Nothing more to read: closed, or an empty range. Either way of iterating stops here. */
    private boolean ended;

    /**
     * @param keys     the events documents to read, in order
     * @param chunkIds the chunk id of each key for a chunked stream, or empty for an unchunked one
     */
    BlobEventCursor(BlobStore blobs, List<String> keys, List<Integer> chunkIds, int from, int to,
                           StreamHeader fallbackHeader) {
        if (!chunkIds.isEmpty() && chunkIds.size() != keys.size()) {
            throw new IllegalArgumentException("one chunk id per key is needed");
        }
        this.blobs = blobs;
        this.keys = List.copyOf(keys);
        this.chunkIds = List.copyOf(chunkIds);
        this.from = from;
        this.to = to;
        this.fallbackHeader = fallbackHeader;
        if (keys.isEmpty() || to < from) {
            ended = true;
            stop();
        }
    }

    /**
     * Reads the header of every document of the stream once, before the events are streamed (a header
     * property may stand after {@code events}); chunks whose header differs from the first are kept apart.
     */
    @Override
    public StreamHeader header() {
        if (header == null) {
            if (keys.isEmpty()) {
                header = fallbackHeader;
            } else {
                // Kept only for an events pass still to come: not once closed, for an empty range, or once
                // the events pass has opened the document itself.
                boolean keep = !ended && keyIndex == 0 && parser == null;
                Map<String, JsonNode> first = scanHeader(keys.get(0), keep);
                Map<Integer, Map<String, JsonNode>> chunks = new LinkedHashMap<>();
                for (int i = 1; i < chunkIds.size(); i++) {
                    Map<String, JsonNode> own = scanHeader(keys.get(i), false);
                    if (!own.equals(first)) {
                        chunks.put(chunkIds.get(i), own);
                    }
                }
                header = new StreamHeader(first, chunks);
            }
        }
        return header;
    }

    /**
     * Reads every top-level property but {@code events}, wherever it stands in the document. With
     * {@code keep}, a document of at most {@value #KEEP_AT_MOST} bytes is kept for the events to be read
     * from: a short stream is then read once, not twice (one request fewer per backup on a remote store),
     * and its header and events come from the same version of the document.
     */
    private Map<String, JsonNode> scanHeader(String key, boolean keep) {
        return scanHeader(key, blobs.read(key).orElse(null), keep);
    }

    private Map<String, JsonNode> scanHeader(String key, Blob blob, boolean keep) {
        try (Blob b = blob) {
            if (b == null) {
                return fallbackHeader.fields();
            }
            if (keep && isShort(b)) {
                byte[] bytes = b.content().readNBytes(KEEP_AT_MOST + 1);
                if (bytes.length <= KEEP_AT_MOST) {
                    keptKey = key;
                    keptBytes = bytes;
                    return HeaderScanner.scan(new ByteArrayInputStream(bytes));
                }
                // It grew since it was opened: scanned as a long one.
                return HeaderScanner.scan(new PrefixedInputStream(bytes, 0, bytes.length, b.content()));
            }
            return HeaderScanner.scan(b.content());
        } catch (IOException e) {
            throw new BackupException("events document " + key + " is not valid JSON: " + Json.describe(e), e);
        }
    }

    private static boolean isShort(Blob b) {
        return b.info().size() <= KEEP_AT_MOST;
    }

    /**
     * For a stream in one long document, the members that stand before {@code events}, read by the events
     * pass's own parser, which stays on the array: the document is read once. A document whose first member is
     * {@code events} has its header after the events, so it gets the pass of its own; so do chunked streams
     * (every chunk's header comes before the events in an archive) and short documents (kept whole by
     * {@link #header()} anyway, so read once too).
     */
    @Override
    public StreamHeader headerBeforeEvents() {
        if (header != null || ended || keys.size() != 1 || !chunkIds.isEmpty() || parser != null) {
            return header();
        }
        String key = keys.get(0);
        Blob b = blobs.read(key).orElse(null);
        if (b == null || isShort(b)) {
            header = new StreamHeader(scanHeader(key, b, true));
            return header;
        }
        try {
            Map<String, JsonNode> before = new LinkedHashMap<>();
            blob = b;
            tape = new RawTape(b.content());
            parser = Json.parser(tape);
            startDocument(parser, key);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken t = parser.nextToken();
                if (name.equals("events") && t != JsonToken.START_ARRAY) {
                    // Left out, as the header pass leaves out every member of that name.
                    parser.skipChildren();
                    continue;
                }
                if (name.equals("events")) {
                    if (before.isEmpty()) {
                        // Its header follows the events: it needs the pass of its own.
                        closeBlob();
                        return header();
                    }
                    checkAfterEvents = true;
                    header = new StreamHeader(before);
                    return header;
                }
                before.put(name, Json.readTree(parser));
            }
            // No events at all: the whole header has been read.
            closeBlob();
            keyIndex++;
            header = new StreamHeader(before);
            return header;
        } catch (IOException e) {
            close();
            throw new BackupException("events document " + key + " is not valid JSON: " + Json.describe(e), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    protected Event computeNext() {
        return read(this::advance);
    }

    /**
     * The events as stored, each checked as {@link EventCodec#read} checks it; past each document's
     * {@code events} bracket they are walked as bytes ({@link EventArrayScanner}), not as Jackson's tokens.
     */
    @Override
    public Iterator<RawEvent> rawEvents() {
        return new LookaheadIterator<>() {
            @Override
            protected RawEvent computeNext() {
                return read(BlobEventCursor.this::advanceRaw);
            }
        };
    }

    /** One step of reading: the next event in range, or null at the end. */
    private interface Step<T> {
        T next() throws IOException;
    }

    private <T> T read(Step<T> step) {
        try {
            T e = step.next();
            if (e == null) {
                close();
            }
            return e;
        } catch (IOException e) {
            String key = keys.get(Math.min(keyIndex, keys.size() - 1));
            close();
            throw new BackupException("events document " + key + " is not valid JSON: " + Json.describe(e), e);
        }
    }

    private RawEvent advanceRaw() throws IOException {
        while (true) {
            if (scanner == null) {
                if (ended || keyIndex >= keys.size()) {
                    return null;
                }
                // headerBeforeEvents may have left the parser on the array already.
                if (parser == null && !openAtEvents(keys.get(keyIndex))) {
                    keyIndex++;
                    continue;
                }
                // Jackson stands on the array's '[' (the document object and the array are open: depth 2).
                scanner = new EventArrayScanner(tape.from(parser.currentLocation().getByteOffset()), 2);
            }
            RawEvent e = scanner.next();
            if (e == null) {
                checkNothingAfterEvents();
                closeBlob();
                keyIndex++;
            } else if (e.eventVersion() > to) {
                if (checkAfterEvents) {
                    // Appended after the cut: not backed up, so not checked either (as when the header had a
                    // pass of its own), but what follows them must still be known.
                    scanner.skipRest();
                    checkNothingAfterEvents();
                }
                return null;
            } else if (e.eventVersion() >= from) {
                return e;
            }
        }
    }

    /**
     * After {@link #headerBeforeEvents} handed out a partial header, the end of the document must follow the
     * events; a member there means the header was not all of it.
     */
    private void checkNothingAfterEvents() throws IOException {
        if (!checkAfterEvents) {
            return;
        }
        checkAfterEvents = false;
        int c = scanner.afterArray();
        if (c == ',') {
            close();
            throw new HeaderAfterEventsException(keys.get(0));
        }
        if (c != '}') {
            throw new IOException("expected ',' or '}' after the events array but found "
                    + (c < 0 ? "the end of the document" : "'" + (char) c + "'"));
        }
    }

    private Event advance() throws IOException {
        if (checkAfterEvents) {
            throw new IllegalStateException("after headerBeforeEvents the events are read with rawEvents");
        }
        while (true) {
            if (parser == null) {
                if (ended || keyIndex >= keys.size()) {
                    return null;
                }
                if (!openAtEvents(keys.get(keyIndex))) {
                    keyIndex++;
                    continue;
                }
            }
            JsonToken t = parser.nextToken();
            if (t == JsonToken.START_OBJECT) {
                Event e = EventCodec.read(parser, tape);
                int version = e.eventVersion();
                if (version > to) {
                    return null;
                }
                if (version >= from) {
                    return e;
                }
            } else if (t == JsonToken.END_ARRAY) {
                closeBlob();
                keyIndex++;
            } else {
                throw new IOException("expected an event object but found " + t);
            }
        }
    }

    /** Opens the blob and moves to the first element of its events array; false if it has none. */
    private boolean openAtEvents(String key) throws IOException {
        InputStream content;
        if (key.equals(keptKey)) {
            content = new ByteArrayInputStream(keptBytes);
            keptKey = null;
            keptBytes = null;
        } else {
            blob = blobs.read(key).orElseThrow(() -> new NotFoundException(
                    "events document " + key + " is missing although the object document lists it"));
            content = blob.content();
        }
        tape = new RawTape(content);
        parser = Json.parser(tape);
        startDocument(parser, key);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken t = parser.nextToken();
            if (name.equals("events") && t == JsonToken.START_ARRAY) {
                return true;
            }
            parser.skipChildren();
        }
        closeBlob();
        return false;
    }

    private static void startDocument(JsonParser p, String key) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("events document " + key + " is not a JSON object");
        }
    }

    private void closeBlob() throws IOException {
        if (parser != null) {
            parser.close();
            parser = null;
            tape = null;
            scanner = null;
        }
        if (blob != null) {
            blob.close();
            blob = null;
        }
    }

    @Override
    public void close() {
        ended = true;
        stop();
        keptKey = null;
        keptBytes = null;
        try {
            closeBlob();
        } catch (IOException ignored) {
            // closing a read-only stream; nothing to lose
        }
    }
}
