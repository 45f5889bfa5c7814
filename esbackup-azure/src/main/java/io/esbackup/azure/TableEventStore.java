package io.esbackup.azure;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.LazyListing;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.ConflictException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamChunk;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.json.Json;
import io.esbackup.store.ChunkLayout;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.JournaledRestore;
import io.esbackup.store.ObjectIdListing;
import io.esbackup.store.RestoreJournal;
import io.esbackup.store.RestoreJournalEntry;
import io.esbackup.store.SnapshotStore;
import io.esbackup.store.StoreKind;
import io.esbackup.store.StoredDocument;
import io.esbackup.store.StreamTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The reference library's Azure Table Storage layout (its {@code ErikLieben.FA.ES.AzureStorage/Table} code) as
 * an {@link EventStore}, so a store the reference wrote is backed up and restored here and a store written here
 * is read by the reference. Tables are named by a {@link TableLayout}; what goes where is in docs/FORMAT.md,
 * section 14a. Reading never creates a table (a backup leaves its source as it found it); the first write to a
 * table creates it.
 *
 * <p>Events are appended with insert-only batches of at most 100 rows of one partition, so a concurrent writer
 * of the same version makes the append fail, never overwrite; an append that fails part-way deletes the rows it
 * added. Documents are written create-only or on their ETag, then their side rows (chunks, snapshot references,
 * terminated streams) are made to match them, as the reference writes them.
 */
public final class TableEventStore implements EventStore, SnapshotStore, ObjectIdListing, RestoreJournal, StoreKind {
    /** The most operations one transaction may hold. */
    static final int BATCH_ROWS = 100;
    /** A transaction may carry 4 MiB; keep well below it, counting Base64 and JSON on the wire. */
    static final int BATCH_BYTES = 2 * 1024 * 1024;

    private final TableServiceClient service;
    private final TableLayout layout;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    private final TableRestoreJournal journal;

    /** The store in the reference's default tables of {@code service}'s account. */
    public TableEventStore(TableServiceClient service) {
        this(service, TableLayout.defaults());
    }

    public TableEventStore(TableServiceClient service, TableLayout layout) {
        if (service == null || layout == null) {
            throw new IllegalArgumentException("service and layout must not be null");
        }
        this.service = service;
        this.layout = layout;
        this.journal = new TableRestoreJournal(table(layout.restores()), () -> writable(layout.restores()));
    }

    public TableLayout layout() {
        return layout;
    }

    // ---- documents

    @Override
    public Optional<StoredDocument> readDocument(String objectName, String objectId) {
        String partition = TableKeys.documentPartition(objectName);
        TableKeys.id("objectId", objectId);
        Optional<TableEntity> row = get(layout.documents(), partition, objectId, "reading object document "
                + objectName + "/" + objectId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        TableEntity r = row.get();
        boolean side = TableDocumentRows.needsSideRows(r);
        ObjectDocument doc = TableDocumentRows.document(r,
                side ? partition(layout.streamChunks(), objectId) : List.of(),
                side ? partition(layout.documentSnapshots(), objectId) : List.of(),
                side ? partition(layout.terminatedStreams(), objectId) : List.of(), layout.defaultChunkSize());
        if (!doc.active().snapShots().isEmpty()) {
            Map<String, String> types = new HashMap<>();
            for (TableEntity s : partition(layout.snapshots(),
                    TableKeys.snapshotPartition(doc.objectName(), doc.active().streamIdentifier()))) {
                Object type = s.getProperty("AggregateType");
                if (type != null) {
                    types.put(s.getRowKey(), type.toString());
                }
            }
            doc = TableDocumentRows.withAggregateTypes(doc, types);
        }
        return Optional.of(new StoredDocument(doc, r.getETag()));
    }

    @Override
    public String writeDocument(ObjectDocument document, String expectedEtag) {
        TableDocumentRows.Rows rows = TableDocumentRows.rows(document, layout.defaultChunkSize());
        String what = "object document " + document.objectName() + "/" + document.objectId();
        TableClient documents = writable(layout.documents());
        String etag;
        try {
            if (expectedEtag == null) {
                etag = TableErrors.etag(documents.createEntityWithResponse(rows.document(), null, null));
            } else {
                rows.document().addProperty("odata.etag", expectedEtag);
                etag = TableErrors.etag(documents.updateEntityWithResponse(rows.document(), TableEntityUpdateMode.REPLACE, true, null,
                        null));
            }
        } catch (RuntimeException e) {
            int status = TableErrors.status(e);
            if (expectedEtag == null && status == 409) {
                throw new AlreadyExistsException(what + " already exists", e);
            }
            if (expectedEtag != null && (status == 412 || status == 404)) {
                throw new ConflictException(what + " was changed or removed by another writer (expected ETag "
                        + expectedEtag + ")", e);
            }
            throw TableErrors.translate("writing " + what, e);
        }
        String owner = document.objectId();
        syncSideRows(layout.streamChunks(), owner, rows.chunks());
        syncSideRows(layout.documentSnapshots(), owner, rows.snapshots());
        syncSideRows(layout.terminatedStreams(), owner, rows.terminated());
        return etag;
    }

    /**
     * Makes partition {@code owner} of a side table hold exactly {@code rows}: upserts them, then deletes the
     * rest. The reference reads every row of the partition into the document, so a row left from a replaced
     * stream (a chunk past the restored one's last) would be read as part of it.
     */
    private void syncSideRows(String tableName, String owner, List<TableEntity> rows) {
        List<TableEntity> existing = partition(tableName, owner);
        if (rows.isEmpty() && existing.isEmpty()) {
            return;
        }
        TableClient table = writable(tableName);
        List<TableTransactionAction> actions = new ArrayList<>();
        Set<String> keep = new HashSet<>();
        for (TableEntity r : rows) {
            actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, r));
            keep.add(r.getRowKey());
        }
        for (TableEntity e : existing) {
            if (!keep.contains(e.getRowKey())) {
                actions.add(new TableTransactionAction(TableTransactionActionType.DELETE,
                        new TableEntity(owner, e.getRowKey())));
            }
        }
        submitAll(table, actions, "writing the " + tableName + " rows of " + owner);
    }

    // ---- events

    @Override
    public EventCursor readEvents(String objectName, StreamInformation stream, int fromVersion, int toVersion) {
        TableKeys.documentPartition(objectName);
        String sid = TableKeys.id("streamIdentifier", stream.streamIdentifier());
        List<TableEventCursor.Query> queries = new ArrayList<>();
        Predicate<String> any = p -> true;
        if (stream.chunked()) {
            stream.streamChunks().stream()
                    .filter(c -> c.last() >= fromVersion && c.first() <= toVersion)
                    .sorted(Comparator.comparingInt(StreamChunk::first))
                    .forEach(c -> queries.add(new TableEventCursor.Query(
                            TableKeys.versions(TableKeys.eventPartition(sid, c.id()), fromVersion, toVersion), any)));
        } else {
            queries.add(new TableEventCursor.Query(TableKeys.versions(sid, fromVersion, toVersion), any));
            if (stream.currentStreamVersion() < 0) {
                // No document describes this stream's layout (a terminated stream): its chunks, if it has any.
                queries.add(new TableEventCursor.Query(TableKeys.chunkPartitions(sid) + " and RowKey ge "
                        + TableKeys.literal(TableKeys.versionKey(Math.max(0, fromVersion))),
                        p -> TableKeys.isChunkOf(p, sid)));
            }
        }
        return new TableEventCursor(table(layout.events()), queries, fromVersion, toVersion,
                () -> header(objectName, stream));
    }

    /**
     * The header kept on the stream's first row, or the one its rows imply: the {@code objectId} they carry and
     * the object name read under.
     */
    private StreamHeader header(String objectName, StreamInformation stream) {
        String sid = stream.streamIdentifier();
        List<String[]> candidates = new ArrayList<>();
        if (stream.chunked() && !stream.streamChunks().isEmpty()) {
            StreamChunk first = stream.streamChunks().stream().min(Comparator.comparingInt(StreamChunk::first))
                    .orElseThrow();
            candidates.add(new String[] {TableKeys.eventPartition(sid, first.id()), TableKeys.versionKey(first.first())});
        } else {
            candidates.add(new String[] {sid, TableKeys.versionKey(0)});
            candidates.add(new String[] {TableKeys.eventPartition(sid, 0), TableKeys.versionKey(0)});
        }
        for (String[] c : candidates) {
            Optional<TableEntity> row = get(layout.events(), c[0], c[1], "reading the first event of stream " + sid);
            if (row.isPresent()) {
                Object kept = row.get().getProperty(TableEventRows.HEADER);
                if (kept != null) {
                    return headerFrom(Json.tree(kept.toString().getBytes(StandardCharsets.UTF_8)));
                }
                Object objectId = row.get().getProperty("ObjectId");
                return objectId == null ? new StreamHeader(Map.of())
                        : StreamHeader.of(objectName, objectId.toString());
            }
        }
        return new StreamHeader(Map.of());
    }

    @Override
    public StreamInformation appendEvents(String objectName, StreamInformation stream, StreamHeader header,
                                          Iterator<Event> events) {
        TableKeys.documentPartition(objectName);
        String sid = TableKeys.id("streamIdentifier", stream.streamIdentifier());
        StreamHeader h = header == null ? new StreamHeader(Map.of()) : header;
        JsonNode id = h.fields().get("objectId");
        if (id == null || !id.isTextual()) {
            throw new IllegalArgumentException("header must name the stream's objectId: every row of the Table"
                    + " layout carries it");
        }
        String objectId = id.textValue();
        Iterator<Event> it = events;
        int last = stream.currentStreamVersion();
        if (!it.hasNext()) {
            return stream;
        }
        expectAt(sid, stream);
        List<StreamChunk> chunks = new ArrayList<>(stream.streamChunks());
        int size = stream.chunked() ? stream.chunkSettings().chunkSize() : 0;
        Batches batches = new Batches(writable(layout.events()), sid);
        boolean first = last < 0;
        try {
            while (it.hasNext()) {
                Event e = it.next();
                int v = e.eventVersion();
                if (v != last + 1) {
                    throw new IllegalArgumentException("events must have contiguous versions: expected " + (last + 1)
                            + " but got " + v);
                }
                Integer chunkId = null;
                if (stream.chunked()) {
                    int index = ChunkLayout.indexFor(chunks, v, size);
                    if (index < 0) {
                        chunks.add(StreamChunk.of(ChunkLayout.nextId(chunks), v, v - 1));
                        index = chunks.size() - 1;
                    }
                    StreamChunk c = chunks.get(index);
                    chunks.set(index, new StreamChunk(c.id(), c.first(), Math.max(c.last(), v), c.extra()));
                    chunkId = c.id();
                }
                String partition = TableKeys.eventPartition(sid, chunkId);
                List<TableEntity> rows = TableEventRows.rows(e,
                        new TableEventRows.Place(partition, objectId, sid, chunkId));
                if (first) {
                    keepHeader(rows.get(0), h, objectName, objectId);
                    first = false;
                }
                batches.add(partition, rows);
                last = v;
            }
            batches.flush();
        } catch (RuntimeException e) {
            batches.undo(e);
            throw e;
        }
        return stream.withVersion(last, stream.chunked() ? chunks : stream.streamChunks());
    }

    /** The stream must hold its expected last version; the insert-only batches catch one beyond it. */
    private void expectAt(String sid, StreamInformation stream) {
        int cur = stream.currentStreamVersion();
        if (cur < 0) {
            return;
        }
        Integer chunk = null;
        if (stream.chunked()) {
            chunk = stream.streamChunks().stream().filter(c -> c.contains(cur)).findFirst().map(StreamChunk::id)
                    .orElseThrow(() -> new ConflictException("stream " + sid + " is at version " + cur
                            + " but none of its chunks holds that version"));
        }
        if (get(layout.events(), TableKeys.eventPartition(sid, chunk), TableKeys.versionKey(cur),
                "reading event " + cur + " of stream " + sid).isEmpty()) {
            throw new ConflictException("stream " + sid + " is expected at version " + cur
                    + " but holds no event of that version");
        }
    }

    /** Keeps {@code header} on the stream's first row when its rows would not give it back. */
    private static void keepHeader(TableEntity row, StreamHeader header, String objectName, String objectId) {
        if (header.chunks().isEmpty() && header.fields().equals(StreamHeader.of(objectName, objectId).fields())) {
            return;
        }
        ObjectNode n = Json.objectNode();
        ObjectNode fields = n.putObject("fields");
        header.fields().forEach(fields::set);
        if (!header.chunks().isEmpty()) {
            ObjectNode chunks = n.putObject("chunks");
            header.chunks().forEach((chunkId, f) -> {
                ObjectNode c = chunks.putObject(Integer.toString(chunkId));
                f.forEach(c::set);
            });
        }
        String text = Json.text(n);
        if (text.length() > TableEventRows.MAX_STRING_CHARS) {
            throw new IllegalArgumentException("the header of the stream is " + text.length()
                    + " characters as JSON, more than a Table string column's " + TableEventRows.MAX_STRING_CHARS);
        }
        row.addProperty(TableEventRows.HEADER, text);
    }

    private static StreamHeader headerFrom(JsonNode n) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        n.path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue()));
        Map<Integer, Map<String, JsonNode>> chunks = new LinkedHashMap<>();
        n.path("chunks").fields().forEachRemaining(c -> {
            Map<String, JsonNode> f = new LinkedHashMap<>();
            c.getValue().fields().forEachRemaining(x -> f.put(x.getKey(), x.getValue()));
            chunks.put(Integer.parseInt(c.getKey()), f);
        });
        return new StreamHeader(fields, chunks);
    }

    /**
     * An append's rows in insert-only transactions of one partition each, with an event's rows kept in one
     * transaction where they fit, and what this append wrote, by partition, so a failure can take it back.
     */
    private final class Batches {
        private final TableClient table;
        private final String sid;
        private final List<TableTransactionAction> pending = new ArrayList<>();
        private String partition;
        private int bytes;
        /** Each partition this append wrote to, with the first RowKey it wrote there. */
        private final Map<String, String> written = new LinkedHashMap<>();

        Batches(TableClient table, String sid) {
            this.table = table;
            this.sid = sid;
        }

        void add(String p, List<TableEntity> rows) {
            int size = rows.stream().mapToInt(TableEventStore::wireSize).sum();
            if (!p.equals(partition) || pending.size() + rows.size() > BATCH_ROWS || bytes + size > BATCH_BYTES) {
                flush();
            }
            partition = p;
            for (TableEntity r : rows) {
                if (pending.size() == BATCH_ROWS) {
                    flush(); // an event with more pieces than a transaction takes
                    partition = p;
                }
                pending.add(new TableTransactionAction(TableTransactionActionType.CREATE, r));
            }
            bytes += size;
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            String first = pending.get(0).getEntity().getRowKey();
            try {
                table.submitTransaction(List.copyOf(pending));
                // Only once it is in: a transaction refused for a row another writer holds wrote nothing, and
                // what lies from its first key on is that writer's.
                written.putIfAbsent(partition, first);
            } catch (RuntimeException e) {
                int status = TableErrors.status(e);
                if (status == 409) {
                    throw new ConflictException("stream " + sid + " already holds a version this append writes ("
                            + partition + "): another writer appended to it", e);
                }
                throw TableErrors.translate("appending events to stream " + sid, e);
            } finally {
                pending.clear();
                bytes = 0;
            }
        }

        /** Deletes what this append wrote (best effort; a failure is added to {@code cause}). */
        void undo(RuntimeException cause) {
            pending.clear();
            for (Map.Entry<String, String> w : written.entrySet()) {
                try {
                    List<TableTransactionAction> deletes = new ArrayList<>();
                    for (TableEntity e : query(layout.events(), TableKeys.partitionIs(w.getKey()) + " and RowKey ge "
                            + TableKeys.literal(w.getValue()))) {
                        deletes.add(new TableTransactionAction(TableTransactionActionType.DELETE,
                                new TableEntity(e.getPartitionKey(), e.getRowKey())));
                    }
                    submitAll(table, deletes, "taking back a failed append to stream " + sid);
                } catch (RuntimeException e) {
                    cause.addSuppressed(e);
                }
            }
        }
    }

    /** About what a row takes on the wire: its strings, and its binary as Base64. */
    private static int wireSize(TableEntity row) {
        int size = 256;
        for (Object v : row.getProperties().values()) {
            if (v instanceof String s) {
                size += s.length() * 3 + 64;
            } else if (v instanceof byte[] b) {
                size += b.length * 4 / 3 + 64;
            } else {
                size += 64;
            }
        }
        return size;
    }

    /** Existence by the stream's first rows: its partition, or its chunk 0; two requests, never a scan. */
    @Override
    public boolean streamExists(String objectName, String streamIdentifier) {
        TableKeys.documentPartition(objectName);
        String sid = TableKeys.id("streamIdentifier", streamIdentifier);
        return any(layout.events(), TableKeys.partitionIs(sid))
                || any(layout.events(), TableKeys.partitionIs(TableKeys.eventPartition(sid, 0)));
    }

    @Override
    public void deleteStream(String objectName, String streamIdentifier) {
        TableKeys.documentPartition(objectName);
        String sid = TableKeys.id("streamIdentifier", streamIdentifier);
        List<TableTransactionAction> deletes = new ArrayList<>();
        for (TableEntity e : query(layout.events(), TableKeys.partitionIs(sid))) {
            deletes.add(delete(e));
        }
        for (TableEntity e : query(layout.events(), TableKeys.chunkPartitions(sid))) {
            if (TableKeys.isChunkOf(e.getPartitionKey(), sid)) {
                deletes.add(delete(e));
            }
        }
        if (!deletes.isEmpty()) {
            submitAll(writable(layout.events()), deletes, "deleting stream " + sid);
        }
        List<TableTransactionAction> snapshots = new ArrayList<>();
        for (TableEntity e : partition(layout.snapshots(), TableKeys.snapshotPartition(objectName, sid))) {
            snapshots.add(delete(e));
        }
        if (!snapshots.isEmpty()) {
            submitAll(writable(layout.snapshots()), snapshots, "deleting the snapshots of stream " + sid);
        }
    }

    private static TableTransactionAction delete(TableEntity e) {
        return new TableTransactionAction(TableTransactionActionType.DELETE,
                new TableEntity(e.getPartitionKey(), e.getRowKey()));
    }

    // ---- snapshots

    @Override
    public Optional<InputStream> readSnapshot(String objectName, String streamIdentifier, SnapshotRef snapshot) {
        String partition = TableKeys.snapshotPartition(objectName, streamIdentifier);
        String row = TableKeys.snapshotRow(snapshot.untilVersion(), snapshot.name());
        return get(layout.snapshots(), partition, row, "reading snapshot " + partition + "/" + row)
                .map(e -> {
                    Object data = e.getProperty("Data");
                    return new ByteArrayInputStream(data == null ? "null".getBytes(StandardCharsets.UTF_8)
                            : data.toString().getBytes(StandardCharsets.UTF_8));
                });
    }

    /**
     * Upserts the snapshot's row with its JSON in {@code Data}, as the reference writes it; its
     * {@code AggregateType} comes from the reference's member {@code aggregateType}, which a document read here
     * carries.
     */
    @Override
    public void writeSnapshot(String objectName, String streamIdentifier, SnapshotRef snapshot, BlobWriter content) {
        String partition = TableKeys.snapshotPartition(objectName, streamIdentifier);
        String rowKey = TableKeys.snapshotRow(snapshot.untilVersion(), snapshot.name());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String data;
        try {
            content.writeTo(out);
            data = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("snapshot " + partition + "/" + rowKey + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new io.esbackup.error.StorageException("writing snapshot " + partition + "/" + rowKey, e);
        }
        if (data.length() > TableEventRows.MAX_STRING_CHARS) {
            throw new IllegalArgumentException("snapshot " + partition + "/" + rowKey + " is " + data.length()
                    + " characters, more than the Table layout's Data column holds ("
                    + TableEventRows.MAX_STRING_CHARS + ")");
        }
        TableEntity row = new TableEntity(partition, rowKey)
                .addProperty("StreamIdentifier", streamIdentifier)
                .addProperty("Version", snapshot.untilVersion())
                .addProperty("Data", data);
        if (snapshot.name() != null) {
            row.addProperty("Name", snapshot.name());
        }
        JsonNode type = snapshot.extra().get(TableDocumentRows.AGGREGATE_TYPE);
        if (type != null && type.isTextual()) {
            row.addProperty("AggregateType", type.textValue());
        }
        try {
            writable(layout.snapshots()).upsertEntityWithResponse(row, TableEntityUpdateMode.REPLACE, null, null);
        } catch (RuntimeException e) {
            throw TableErrors.translate("writing snapshot " + partition + "/" + rowKey, e);
        }
    }

    // ---- listing

    @Override
    public Stream<String> listObjectIds(String objectName) {
        String filter = TableKeys.partitionIs(TableKeys.documentPartition(objectName));
        TableClient table = table(layout.documents());
        return LazyListing.of(() -> table.listEntities(new ListEntitiesOptions().setFilter(filter)
                        .setSelect(List.of("RowKey")), null, null).stream().map(TableEntity::getRowKey),
                e -> TableErrors.status(e) == 404, e -> TableErrors.translate("listing " + objectName + " documents", e));
    }

    // ---- the kind of store

    @Override
    public String streamType() {
        return StreamTypes.TABLE;
    }

    /** The reference keys events by stream identifier alone, in one table for every object name. */
    @Override
    public boolean streamsScopedByObjectName() {
        return false;
    }

    /**
     * Retyped; named as the restore asks unless only case differs (the layout keys documents by the name in lower
     * case, and the reference writes the name so); and with the reference's hash of its new state. The previous
     * hash is the replaced document's, or, restoring a gone aggregate, the backed-up one's.
     */
    @Override
    public ObjectDocument adopt(ObjectDocument restored, String objectName, String sourceStreamType,
                                ObjectDocument replaced) {
        ObjectDocument d = StreamTypes.retype(restored, sourceStreamType, StreamTypes.TABLE);
        if (!d.objectName().equalsIgnoreCase(objectName)) {
            d = d.withObjectName(objectName);
        }
        String hash = TableDocumentRows.referenceHash(d.active());
        if (hash.equals(d.hash())) {
            return d;
        }
        String previous = replaced != null ? replaced.hash()
                : StreamTypes.TABLE.equals(sourceStreamType) ? d.hash() : null;
        return d.withHashes(hash, previous);
    }

    // ---- the restore journal

    @Override
    public String record(RestoreJournalEntry entry) {
        return journal.record(entry);
    }

    @Override
    public String update(RestoreJournalEntry entry, String expectedTag) {
        return journal.update(entry, expectedTag);
    }

    @Override
    public boolean remove(UUID runId) {
        return journal.remove(runId);
    }

    @Override
    public Stream<JournaledRestore> listRestores() {
        return journal.listRestores();
    }

    // ---- requests

    private TableClient table(String name) {
        return service.getTableClient(name);
    }

    /** The table, created on the first write of this store to it. */
    private TableClient writable(String name) {
        if (!ensured.contains(name)) {
            try {
                service.createTableIfNotExists(name);
            } catch (RuntimeException e) {
                throw TableErrors.translate("creating table " + name, e);
            }
            ensured.add(name);
        }
        return table(name);
    }

    /** One row, or empty when it or its table does not exist. */
    private Optional<TableEntity> get(String tableName, String partition, String row, String what) {
        try {
            return Optional.of(table(tableName).getEntityWithResponse(partition, row, null, null, null).getValue());
        } catch (RuntimeException e) {
            if (TableErrors.status(e) == 404) {
                return Optional.empty();
            }
            throw TableErrors.translate(what, e);
        }
    }

    private List<TableEntity> partition(String tableName, String partition) {
        return query(tableName, TableKeys.partitionIs(partition));
    }

    /** Every row matching {@code filter}, for the small sets this store reads whole (side rows, a stream to delete). */
    private List<TableEntity> query(String tableName, String filter) {
        try {
            List<TableEntity> rows = new ArrayList<>();
            table(tableName).listEntities(new ListEntitiesOptions().setFilter(filter), null, null).forEach(rows::add);
            return rows;
        } catch (RuntimeException e) {
            if (TableErrors.status(e) == 404) {
                return List.of();
            }
            throw TableErrors.translate("querying table " + tableName, e);
        }
    }

    private boolean any(String tableName, String filter) {
        try {
            return table(tableName).listEntities(new ListEntitiesOptions().setFilter(filter).setTop(1)
                    .setSelect(List.of("RowKey")), null, null).iterator().hasNext();
        } catch (RuntimeException e) {
            if (TableErrors.status(e) == 404) {
                return false;
            }
            throw TableErrors.translate("querying table " + tableName, e);
        }
    }

    /** {@code actions} in transactions of at most {@value #BATCH_ROWS}, each within one partition. */
    private static void submitAll(TableClient table, List<TableTransactionAction> actions, String what) {
        Map<String, List<TableTransactionAction>> byPartition = new LinkedHashMap<>();
        for (TableTransactionAction a : actions) {
            byPartition.computeIfAbsent(a.getEntity().getPartitionKey(), k -> new ArrayList<>()).add(a);
        }
        for (List<TableTransactionAction> group : byPartition.values()) {
            for (int i = 0; i < group.size(); i += BATCH_ROWS) {
                try {
                    table.submitTransaction(group.subList(i, Math.min(group.size(), i + BATCH_ROWS)));
                } catch (RuntimeException e) {
                    throw TableErrors.translate(what, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "TableEventStore[" + service.getAccountName() + ", " + layout.events() + "]";
    }
}
