package io.esbackup.azure;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(TableEventStore.class);
    private final TableRequests requests;
    private final TableLayout layout;
    private final TableRestoreJournal journal;

    /** The store in the reference's default tables of {@code service}'s account. */
    public TableEventStore(TableServiceClient service) {
        this(service, TableLayout.defaults());
    }

    public TableEventStore(TableServiceClient service, TableLayout layout) {
        if (service == null || layout == null) {
            throw new IllegalArgumentException("service and layout must not be null");
        }
        this.requests = new TableRequests(service);
        this.layout = layout;
        this.journal = new TableRestoreJournal(requests.table(layout.restores()),
                () -> requests.writable(layout.restores()));
    }

    public TableLayout layout() {
        return layout;
    }

    // ---- documents

    @Override
    public Optional<StoredDocument> readDocument(String objectName, String objectId) {
        String partition = TableKeys.documentPartition(objectName);
        TableKeys.id("objectId", objectId);
        Optional<TableEntity> row = requests.get(layout.documents(), partition, objectId, "reading object document "
                + objectName + "/" + objectId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        TableEntity r = row.get();
        boolean side = TableDocumentRows.needsSideRows(r);
        ObjectDocument doc = TableDocumentRows.document(r,
                side ? requests.partition(layout.streamChunks(), objectId) : List.of(),
                side ? requests.partition(layout.documentSnapshots(), objectId) : List.of(),
                side ? requests.partition(layout.terminatedStreams(), objectId) : List.of(), layout.defaultChunkSize());
        if (!doc.active().snapShots().isEmpty()) {
            Map<String, String> types = new HashMap<>();
            for (TableEntity s : requests.partition(layout.snapshots(),
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
        TableClient documents = requests.writable(layout.documents());
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
        BooleanSupplier shared = sharedId(rows.document().getPartitionKey(), owner);
        syncSideRows(layout.streamChunks(), owner, rows.chunks(), shared);
        syncSideRows(layout.documentSnapshots(), owner, rows.snapshots(), shared);
        syncSideRows(layout.terminatedStreams(), owner, rows.terminated(), shared);
        return etag;
    }

    /**
     * Makes partition {@code owner} of a side table hold exactly {@code rows}: upserts them, then deletes the
     * rest. The reference reads every row of the partition into the document, so a row left from a replaced
     * stream (a chunk past the restored one's last) would be read as part of it. But the side tables are keyed
     * by object id alone: when a document of another object name has this id ({@code shared}), the rows may be
     * its, and none is deleted.
     */
    private void syncSideRows(String tableName, String owner, List<TableEntity> rows, BooleanSupplier shared) {
        List<TableEntity> existing = requests.partition(tableName, owner);
        if (rows.isEmpty() && existing.isEmpty()) {
            return;
        }
        List<TableTransactionAction> actions = new ArrayList<>();
        Set<String> keep = new HashSet<>();
        for (TableEntity r : rows) {
            actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, r));
            keep.add(r.getRowKey());
        }
        List<TableTransactionAction> deletes = new ArrayList<>();
        for (TableEntity e : existing) {
            if (!keep.contains(e.getRowKey())) {
                deletes.add(new TableTransactionAction(TableTransactionActionType.DELETE,
                        new TableEntity(owner, e.getRowKey())));
            }
        }
        if (!deletes.isEmpty()) {
            if (shared.getAsBoolean()) {
                LOG.warn("Keeping {} rows of {} in table {}: a document of another object name has id {}, and"
                        + " the rows may be its", deletes.size(), owner, tableName, owner);
            } else {
                actions.addAll(deletes);
            }
        }
        if (!actions.isEmpty()) {
            TableRequests.submitAll(requests.writable(tableName), actions, "writing the " + tableName + " rows of "
                    + owner);
        }
    }

    /**
     * Whether a document of another object name than {@code partition} has id {@code objectId}: asked once, and
     * only when a side row would be deleted (a query across partitions, which the service answers by a scan).
     */
    private BooleanSupplier sharedId(String partition, String objectId) {
        Boolean[] answer = new Boolean[1];
        return () -> {
            if (answer[0] == null) {
                answer[0] = requests.any(layout.documents(), "RowKey eq " + TableKeys.literal(objectId)
                        + " and PartitionKey ne " + TableKeys.literal(partition));
            }
            return answer[0];
        };
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
        return new TableEventCursor(requests.table(layout.events()), queries, fromVersion, toVersion,
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
            Optional<TableEntity> row = requests.get(layout.events(), c[0], c[1],
                    "reading the first event of stream " + sid);
            if (row.isPresent()) {
                return TableStreamHeader.of(row.get(), objectName);
            }
        }
        return new StreamHeader(Map.of());
    }

    @Override
    public StreamInformation appendEvents(String objectName, StreamInformation stream, StreamHeader header,
                                          Iterator<Event> events) {
        return new TableAppend(requests, layout.events()).append(objectName, stream, header, events);
    }


    /** Existence by the stream's first rows: its partition, or its chunk 0; two requests, never a scan. */
    @Override
    public boolean streamExists(String objectName, String streamIdentifier) {
        TableKeys.documentPartition(objectName);
        String sid = TableKeys.id("streamIdentifier", streamIdentifier);
        return requests.any(layout.events(), TableKeys.partitionIs(sid))
                || requests.any(layout.events(), TableKeys.partitionIs(TableKeys.eventPartition(sid, 0)));
    }

    @Override
    public void deleteStream(String objectName, String streamIdentifier) {
        TableKeys.documentPartition(objectName);
        String sid = TableKeys.id("streamIdentifier", streamIdentifier);
        List<TableTransactionAction> deletes = new ArrayList<>();
        for (TableEntity e : requests.query(layout.events(), TableKeys.partitionIs(sid))) {
            deletes.add(delete(e));
        }
        for (TableEntity e : requests.query(layout.events(), TableKeys.chunkPartitions(sid))) {
            if (TableKeys.isChunkOf(e.getPartitionKey(), sid)) {
                deletes.add(delete(e));
            }
        }
        if (!deletes.isEmpty()) {
            TableRequests.submitAll(requests.writable(layout.events()), deletes, "deleting stream " + sid);
        }
        List<TableTransactionAction> snapshots = new ArrayList<>();
        for (TableEntity e : requests.partition(layout.snapshots(), TableKeys.snapshotPartition(objectName, sid))) {
            snapshots.add(delete(e));
        }
        if (!snapshots.isEmpty()) {
            TableRequests.submitAll(requests.writable(layout.snapshots()), snapshots, "deleting the snapshots of stream " + sid);
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
        return requests.get(layout.snapshots(), partition, row, "reading snapshot " + partition + "/" + row)
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
            requests.writable(layout.snapshots()).upsertEntityWithResponse(row, TableEntityUpdateMode.REPLACE, null, null);
        } catch (RuntimeException e) {
            throw TableErrors.translate("writing snapshot " + partition + "/" + rowKey, e);
        }
    }

    // ---- listing

    @Override
    public Stream<String> listObjectIds(String objectName) {
        String filter = TableKeys.partitionIs(TableKeys.documentPartition(objectName));
        TableClient table = requests.table(layout.documents());
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

    @Override
    public String toString() {
        return "TableEventStore[" + requests.accountName() + ", " + layout.events() + "]";
    }
}
