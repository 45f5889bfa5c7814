package io.esbackup.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.blob.AbandonedWrites;
import io.esbackup.blob.GroupCommit;
import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.BackupException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.StorageException;
import io.esbackup.model.Event;
import io.esbackup.model.Ids;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.RawEvent;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamChunk;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.json.DocumentCodec;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.json.Json;
import io.esbackup.model.json.RawTape;
import io.esbackup.model.json.internal.EventArrayScanner;
import io.esbackup.internal.PeekingIterator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The reference library's storage layout on any {@link BlobStore}, so a store it wrote is readable and
 * a store written here is readable by it:
 * <ul>
 *   <li>{@code object-document-store/{objectName}/{objectId}.json}: object documents;</li>
 *   <li>{@code {objectName lower}/{streamIdentifier}.json}: a stream's events document, or, for a chunked
 *       stream, {@code {streamIdentifier}-{chunk id, 10 digits}.json} per chunk;</li>
 *   <li>{@code {objectName lower}/snapshot/{streamIdentifier}-{version, 20 digits}[_{name}].json}.</li>
 * </ul>
 * The first key segment is a folder for a local store and a container for Azure. Appends rewrite the
 * events document with an if-match write, so a concurrent writer is detected, never overwritten.
 *
 * <p>It is also a {@link RestoreJournal}, whose entries are blobs under
 * {@code {documentContainer}/.esbackup/restores/} (not part of the reference layout, which ignores them).
 */
public class BlobEventStore implements EventStore, SnapshotStore, ObjectIdListing, RawEventReader, RawEventAppender,
        RestoreJournal, StreamFingerprints, StoreKind {
    /** Where the restore journal's entries are, under the document container. */
    public static final String RESTORE_JOURNAL = ".esbackup/restores/";
    public static final String DEFAULT_DOCUMENT_CONTAINER = "object-document-store";
    private static final Pattern CHUNK_SUFFIX = Pattern.compile("(-\\d{10})?\\.json");
    private static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("-\\d{20}(_.+)?\\.json");

    private final BlobStore blobs;
    private final String documentContainer;
    private final BlobRestoreJournal journal;

    public BlobEventStore(BlobStore blobs) {
        this(blobs, DEFAULT_DOCUMENT_CONTAINER);
    }

    public BlobEventStore(BlobStore blobs, String documentContainer) {
        if (blobs == null) {
            throw new IllegalArgumentException("blobs must not be null");
        }
        this.blobs = blobs;
        this.documentContainer = Ids.requireValid("documentContainer", documentContainer);
        this.journal = new BlobRestoreJournal(blobs, this.documentContainer + "/" + RESTORE_JOURNAL);
    }

    public BlobStore blobs() {
        return blobs;
    }

    @Override
    public Optional<StoredDocument> readDocument(String objectName, String objectId) {
        String key = documentKey(objectName, objectId);
        return blobs.read(key).map(blob -> {
            try (blob; InputStream in = blob.content()) {
                ObjectDocument doc = DocumentCodec.fromBytes(in.readAllBytes());
                return new StoredDocument(doc, blob.info().etag());
            } catch (IOException e) {
                throw new StorageException("reading object document " + key, e);
            } catch (RuntimeException e) {
                throw new BackupException("object document " + key + " is not valid: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public String writeDocument(ObjectDocument document, String expectedEtag) {
        WriteCondition condition = expectedEtag == null ? WriteCondition.createOnly()
                : WriteCondition.ifMatch(expectedEtag);
        return blobs.write(documentKey(document.objectName(), document.objectId()), condition,
                DocumentCodec.toBytes(document)).etag();
    }

    /**
     * Its own capabilities, and {@link AbandonedWrites} and {@link GroupCommit} where its blob storage has them:
     * a store kept in a local folder leaves temporary files that a clean-up sweeps, and can make a bulk
     * restore's writes durable in groups (its streams, documents and journal entries are all blobs there).
     */
    @Override
    public <T> Optional<T> capability(Class<T> type) {
        if (type == AbandonedWrites.class || type == GroupCommit.class) {
            return blobs.capability(type);
        }
        return EventStore.super.capability(type);
    }

    @Override
    public EventCursor readEvents(String objectName, StreamInformation stream, int fromVersion, int toVersion) {
        return readRawEvents(objectName, stream, fromVersion, toVersion);
    }

    @Override
    public RawEventCursor readRawEvents(String objectName, StreamInformation stream, int fromVersion, int toVersion) {
        List<String> keys = new ArrayList<>();
        List<Integer> chunkIds = new ArrayList<>();
        if (stream.chunked()) {
            stream.streamChunks().stream()
                    .filter(c -> c.last() >= fromVersion && c.first() <= toVersion)
                    .sorted(Comparator.comparingInt(StreamChunk::first))
                    .forEach(c -> {
                        keys.add(chunkKey(objectName, stream.streamIdentifier(), c.id()));
                        chunkIds.add(c.id());
                    });
        } else if (blobs.stat(streamKey(objectName, stream.streamIdentifier())).isPresent()
                || stream.currentStreamVersion() >= 0) {
            keys.add(streamKey(objectName, stream.streamIdentifier()));
        } else {
            // No document lists this stream's layout (a terminated stream): find its chunks, if any, by name.
            String prefix = container(objectName) + "/" + stream.streamIdentifier();
            matching(prefix, CHUNK_SUFFIX).stream().sorted().forEach(keys::add);
        }
        return new BlobEventCursor(blobs, keys, chunkIds, fromVersion, toVersion, new StreamHeader(Map.of()));
    }

    @Override
    public StreamInformation appendEvents(String objectName, StreamInformation stream, StreamHeader header,
                                          Iterator<Event> events) {
        return append(objectName, stream, header, events, EVENTS);
    }

    /**
     * Restores append through here, not through {@link #appendEvents}: a subclass that must see every
     * append overrides both.
     */
    @Override
    public StreamInformation appendRawEvents(String objectName, StreamInformation stream, StreamHeader header,
                                             Iterator<RawEvent> events) {
        return append(objectName, stream, header, events, RAW);
    }

    /** How events of one form are written into an events document, and what version each has. */
    private record Form<T>(ToIntFunction<T> version, EventWrite<T> write) {}

    private interface EventWrite<T> {
        void write(JsonGenerator g, T event) throws IOException;
    }

    private static final Form<Event> EVENTS = new Form<>(Event::eventVersion, EventCodec::write);
    private static final Form<RawEvent> RAW = new Form<>(RawEvent::eventVersion, EventCodec::writeRaw);

    private <T> StreamInformation append(String objectName, StreamInformation stream, StreamHeader header,
                                         Iterator<T> events, Form<T> form) {
        if (header == null) {
            header = new StreamHeader(Map.of());
        }
        PeekingIterator<T> it = new PeekingIterator<>(events);
        int[] last = {stream.currentStreamVersion()};
        if (!stream.chunked()) {
            appendTo(streamKey(objectName, stream.streamIdentifier()), header.fields(),
                    stream.currentStreamVersion(), it, form, Integer.MAX_VALUE, last);
            return stream.withVersion(last[0], stream.streamChunks());
        }
        List<StreamChunk> chunks = new ArrayList<>(stream.streamChunks());
        int size = stream.chunkSettings().chunkSize();
        while (it.hasNext()) {
            int v = form.version().applyAsInt(it.peek());
            int index = ChunkLayout.indexFor(chunks, v, size);
            if (index < 0) {
                int id = ChunkLayout.nextId(chunks);
                chunks.add(StreamChunk.of(id, v, v - 1));
                index = chunks.size() - 1;
            }
            StreamChunk chunk = chunks.get(index);
            int limit = ChunkLayout.limit(chunks, index, size);
            int before = last[0];
            boolean exists = chunk.last() >= chunk.first() && before >= chunk.first();
            appendTo(chunkKey(objectName, stream.streamIdentifier(), chunk.id()), header.forChunk(chunk.id()),
                    exists ? before : -1, it, form, limit, last);
            chunks.set(index, new StreamChunk(chunk.id(), chunk.first(), Math.max(chunk.last(), last[0]),
                    chunk.extra()));
        }
        return stream.withVersion(last[0], chunks);
    }

    /**
     * Writes the events of {@code it} up to {@code limit} to the document at {@code key}: a new document
     * (create-only) when {@code expectedLast} is -1 and none exists, else a copy of the existing one plus
     * the new events, published only if nobody changed it meanwhile.
     */
    private <T> void appendTo(String key, Map<String, JsonNode> header, int expectedLast, PeekingIterator<T> it,
                              Form<T> form, int limit, int[] last) {
        Optional<BlobInfo> existing = blobs.stat(key);
        if (existing.isEmpty()) {
            if (expectedLast >= 0) {
                throw new ConflictException("events document " + key + " is missing but the stream is at version "
                        + expectedLast);
            }
            blobs.write(key, WriteCondition.createOnly(), out -> writeDocument(out, header, null,
                    it, form, limit, last, expectedLast));
            return;
        }
        Blob blob = blobs.read(key).orElseThrow(() -> new ConflictException("events document " + key
                + " was deleted while appending"));
        try (blob) {
            blobs.write(key, WriteCondition.ifMatch(blob.info().etag()), out -> writeDocument(out, null, blob.content(),
                    it, form, limit, last, expectedLast));
        } catch (IOException e) {
            throw new StorageException("reading events document " + key, e);
        }
    }

    /**
     * Writes an events document: the header (fresh, or copied from the {@code existing} document's bytes), old
     * events, new events. Throws {@code ConflictException} if the old events do not end at {@code expectedLast}.
     */
    private static <T> void writeDocument(OutputStream out, Map<String, JsonNode> header, InputStream existing,
                                          PeekingIterator<T> it, Form<T> form, int limit, int[] last,
                                          int expectedLast)
            throws IOException {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            boolean wroteEvents = false;
            if (existing == null) {
                for (Map.Entry<String, JsonNode> f : header.entrySet()) {
                    g.writeFieldName(f.getKey());
                    Json.writeTree(g, f.getValue());
                }
            } else {
                wroteEvents = copyDocument(g, existing, it, form, limit, last, expectedLast);
            }
            if (!wroteEvents) {
                g.writeArrayFieldStart("events");
                writeNew(g, it, form, limit, last);
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    /**
     * Copies the members of an existing events document, its stored events as they are (walked as bytes and
     * checked as a backup reads them, {@link EventArrayScanner}) followed by the new ones; returns whether it
     * had an events array.
     */
    private static <T> boolean copyDocument(JsonGenerator g, InputStream existing, PeekingIterator<T> it,
                                            Form<T> form, int limit, int[] last, int expectedLast)
            throws IOException {
        RawTape tape = new RawTape(existing);
        JsonParser p = Json.parser(tape);
        try {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("existing events document is not a JSON object");
            }
            boolean wroteEvents = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (!name.equals("events")) {
                    g.writeFieldName(name);
                    Json.copyValue(p, g);
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw new IOException("existing events document's 'events' is not an array but " + t);
                }
                g.writeArrayFieldStart("events");
                // Past the '[' (the document and the array are open: depth 2).
                EventArrayScanner stored = new EventArrayScanner(tape.from(p.currentLocation().getByteOffset()), 2);
                int storedLast = -1;
                // The stored events are copied as they are: only new ones are written by this run.
                for (RawEvent e = stored.next(); e != null; e = stored.next()) {
                    storedLast = e.eventVersion();
                    last[0] = storedLast;
                    EventCodec.writeRaw(g, e);
                }
                // Checked before the new events: a stored stream ahead of the caller is a lost race, not a
                // caller's gap in versions.
                if (storedLast != expectedLast) {
                    throw new ConflictException("events document ends at version " + storedLast
                            + " but the stream is expected at version " + expectedLast);
                }
                writeNew(g, it, form, limit, last);
                g.writeEndArray();
                wroteEvents = true;
                p.close(); // its buffers only: it does not close the stream under it
                p = Json.parser(stored.membersAfter());
                p.nextToken();
            }
            return wroteEvents;
        } finally {
            p.close();
        }
    }

    private static <T> void writeNew(JsonGenerator g, PeekingIterator<T> it, Form<T> form, int limit, int[] last)
            throws IOException {
        while (it.hasNext() && form.version().applyAsInt(it.peek()) <= limit) {
            T e = it.next();
            int version = form.version().applyAsInt(e);
            if (version != last[0] + 1) {
                throw new IllegalArgumentException("events must have contiguous versions: expected "
                        + (last[0] + 1) + " but got " + version);
            }
            form.write().write(g, e);
            last[0] = version;
        }
    }

    @Override
    public Optional<InputStream> readSnapshot(String objectName, String streamIdentifier, SnapshotRef snapshot) {
        return blobs.read(snapshotKey(objectName, streamIdentifier, snapshot)).map(Blob::content);
    }

    @Override
    public void writeSnapshot(String objectName, String streamIdentifier, SnapshotRef snapshot, BlobWriter content) {
        blobs.write(snapshotKey(objectName, streamIdentifier, snapshot), WriteCondition.overwrite(), content);
    }

    /** By its events document or its first chunk: two lookups, however many streams the object name has. */
    @Override
    public boolean streamExists(String objectName, String streamIdentifier) {
        return blobs.stat(streamKey(objectName, streamIdentifier)).isPresent()
                || blobs.stat(chunkKey(objectName, streamIdentifier, 0)).isPresent();
    }

    @Override
    public void deleteStream(String objectName, String streamIdentifier) {
        Ids.requireValid("streamIdentifier", streamIdentifier);
        String folder = container(objectName) + "/";
        matching(folder + streamIdentifier, CHUNK_SUFFIX).forEach(blobs::delete);
        matching(folder + "snapshot/" + streamIdentifier, SNAPSHOT_SUFFIX).forEach(blobs::delete);
    }

    /** Keys that are {@code prefix} followed by exactly {@code suffix} (not a longer id sharing the prefix). */
    private List<String> matching(String prefix, Pattern suffix) {
        try (Stream<BlobInfo> found = blobs.list(prefix)) {
            return found.map(BlobInfo::key)
                    .filter(k -> suffix.matcher(k.substring(prefix.length())).matches())
                    .toList();
        }
    }

    @Override
    public Stream<String> listObjectIds(String objectName) {
        String prefix = documentsPrefix(objectName);
        return blobs.list(prefix).flatMap(b -> jsonName(b.key(), prefix).stream());
    }

    /** Key of the object document of {@code objectName/objectId}. */
    public String documentKey(String objectName, String objectId) {
        return documentsPrefix(objectName) + Ids.requireValid("objectId", objectId) + ".json";
    }

    private String documentsPrefix(String objectName) {
        return documentContainer + "/" + Ids.requireValid("objectName", objectName) + "/";
    }

    /** Key of an unchunked stream's events document. */
    public String streamKey(String objectName, String streamIdentifier) {
        return container(objectName) + "/" + Ids.requireValid("streamIdentifier", streamIdentifier) + ".json";
    }

    /** Key of one chunk of a chunked stream. */
    public String chunkKey(String objectName, String streamIdentifier, int chunkId) {
        return container(objectName) + "/" + Ids.requireValid("streamIdentifier", streamIdentifier)
                + "-" + String.format("%010d", chunkId) + ".json";
    }

    /** Key of a snapshot's data. */
    public String snapshotKey(String objectName, String streamIdentifier, SnapshotRef snapshot) {
        Ids.requireValid("streamIdentifier", streamIdentifier);
        if (snapshot.name() != null && !snapshot.name().isEmpty()) {
            Ids.requireValid("snapshot name", snapshot.name());
        }
        return container(objectName) + "/snapshot/" + snapshot.blobName(streamIdentifier);
    }

    private static String container(String objectName) {
        return Ids.requireValid("objectName", objectName).toLowerCase(Locale.ROOT);
    }

    /** The ETag and size of the events document, or of the chunk that holds the stream's last version. */
    @Override
    public Optional<String> fingerprint(String objectName, StreamInformation stream) {
        int last = stream.currentStreamVersion();
        String key = stream.chunked()
                ? stream.streamChunks().stream().filter(c -> c.first() <= last && last <= c.last()).findFirst()
                        .map(c -> chunkKey(objectName, stream.streamIdentifier(), c.id())).orElse(null)
                : streamKey(objectName, stream.streamIdentifier());
        return key == null ? Optional.empty() : blobs.stat(key).map(BlobEventStore::fingerprintOf);
    }

    /**
     * Two listings: the events container (each {@code {streamIdentifier}.json} directly in it, with its ETag and
     * size as {@link #fingerprint} gives them), then the documents of {@code objectName}. A chunk's file is listed
     * under its own name, which no unchunked stream's lookup asks for.
     */
    @Override
    public Optional<ListedFingerprints> listFingerprints(String objectName) {
        ListedFingerprints listed = new ListedFingerprints();
        String events = container(objectName) + "/";
        try (Stream<BlobInfo> all = blobs.list(events)) {
            all.forEach(b -> jsonName(b.key(), events)
                    .ifPresent(sid -> listed.stream(sid, fingerprintOf(b))));
        }
        String documents = documentsPrefix(objectName);
        try (Stream<BlobInfo> all = blobs.list(documents)) {
            all.forEach(b -> jsonName(b.key(), documents).ifPresent(id -> listed.document(id, b.etag())));
        }
        return Optional.of(listed);
    }

    private static String fingerprintOf(BlobInfo blob) {
        return blob.etag() + "/" + blob.size();
    }

    /** The name before {@code .json} of a key directly under {@code prefix}. */
    private static Optional<String> jsonName(String key, String prefix) {
        String name = key.substring(prefix.length());
        return name.endsWith(".json") && name.indexOf('/') < 0
                ? Optional.of(name.substring(0, name.length() - ".json".length())) : Optional.empty();
    }

    @Override
    public String streamType() {
        return StreamTypes.BLOB;
    }

    @Override
    public boolean streamsScopedByObjectName() {
        return true;
    }

    /** Retyped, and named exactly {@code objectName}: the document's key is made of its name. */
    @Override
    public ObjectDocument adopt(ObjectDocument restored, String objectName, String sourceStreamType,
                                ObjectDocument replaced) {
        ObjectDocument d = StreamTypes.retype(restored, sourceStreamType, StreamTypes.BLOB);
        return d.objectName().equals(objectName) ? d : d.withObjectName(objectName);
    }

    @Override
    public String record(RestoreJournalEntry entry) {
        return journal.record(entry);
    }

    @Override
    public String update(RestoreJournalEntry entry, String expectedTag) {
        return journal.update(entry, expectedTag);
    }

    @Override
    public boolean remove(java.util.UUID runId) {
        return journal.remove(runId);
    }

    @Override
    public Stream<JournaledRestore> listRestores() {
        return journal.listRestores();
    }
}
