package io.esbackup.azure;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.esbackup.error.BackupException;
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamChunk;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import io.esbackup.model.json.DocumentCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An object document as the reference's Table layout stores it (docs/FORMAT.md, section 14a): a row of
 * {@code objectdocumentstore} with {@code Active*} columns, and rows keyed by object id in {@code streamchunks},
 * {@code documentsnapshots} and {@code terminatedstreams}; and back. Where those cannot give the document back
 * exactly (members the reference does not store, dates with an offset, a terminated stream's metadata), the
 * whole document also goes to esbackup's column {@value #DOCUMENT}, which esbackup reads instead. The reference
 * replaces the row, column and all, whenever it saves the document, so that column never outlives the state it
 * describes.
 */
final class TableDocumentRows {
    static final String DOCUMENT = "EsbackupDocument";
    /** The member of a snapshot reference that carries its row's {@code AggregateType} (from the snapshots table). */
    static final String AGGREGATE_TYPE = "aggregateType";
    /** {@code active}'s members the reference stores as {@code Active{Name}} string columns. */
    static final List<String> ACTIVE_STRINGS = List.of("documentType", "documentTagType", "eventStreamTagType",
            "documentRefType", "dataStore", "documentStore", "documentTagStore", "streamTagStore", "snapShotStore");

    private TableDocumentRows() {}

    /** The rows of one document: its own and its side tables'. */
    record Rows(TableEntity document, List<TableEntity> chunks, List<TableEntity> snapshots,
                List<TableEntity> terminated) {}

    static Rows rows(ObjectDocument d, int defaultChunkSize) {
        ObjectDocument stored = withoutAggregateTypes(d);
        Rows rows = reference(stored, defaultChunkSize);
        if (!derive(rows.document(), rows.chunks(), rows.snapshots(), rows.terminated(), defaultChunkSize)
                .equals(stored)) {
            String json = new String(DocumentCodec.toBytes(stored), StandardCharsets.UTF_8);
            if (json.length() > TableEventRows.MAX_STRING_CHARS) {
                throw new IllegalArgumentException("object document " + d.objectName() + "/" + d.objectId()
                        + " holds what the Table layout has no column for, and as JSON it is " + json.length()
                        + " characters, more than a Table string column's " + TableEventRows.MAX_STRING_CHARS);
            }
            rows.document().addProperty(DOCUMENT, json);
        }
        return rows;
    }

    /** Whether the document of {@code row} is read from its side tables (it has no {@value #DOCUMENT} column). */
    static boolean needsSideRows(TableEntity row) {
        return row.getProperty(DOCUMENT) == null;
    }

    /** The document of {@code row}; the side rows are used only when {@link #needsSideRows}. */
    static ObjectDocument document(TableEntity row, List<TableEntity> chunks, List<TableEntity> snapshots,
                                   List<TableEntity> terminated, int defaultChunkSize) {
        Object kept = row.getProperty(DOCUMENT);
        try {
            if (kept != null) {
                return DocumentCodec.fromBytes(kept.toString().getBytes(StandardCharsets.UTF_8));
            }
            return derive(row, chunks, snapshots, terminated, defaultChunkSize);
        } catch (RuntimeException e) {
            throw new BackupException("object document row " + row.getPartitionKey() + "/" + row.getRowKey()
                    + " is not valid: " + e.getMessage(), e);
        }
    }

    /**
     * The reference's {@code Hash}: SHA-256, in lower-case hex, of
     * {@code streamIdentifier|streamType|currentStreamVersion|dataStore|documentStore}.
     */
    static String referenceHash(StreamInformation a) {
        String input = String.join("|", nz(a.streamIdentifier()), nz(a.streamType()),
                Integer.toString(a.currentStreamVersion()), nz(textOf(a.extra().get("dataStore"))),
                nz(textOf(a.extra().get("documentStore"))));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code d} with each snapshot reference's {@code aggregateType} (kept on the snapshot's own row). */
    static ObjectDocument withAggregateTypes(ObjectDocument d, Map<String, String> byRowKey) {
        if (byRowKey.isEmpty()) {
            return d;
        }
        List<SnapshotRef> refs = new ArrayList<>();
        for (SnapshotRef r : d.active().snapShots()) {
            String type = byRowKey.get(TableKeys.snapshotRow(r.untilVersion(), r.name()));
            if (type == null) {
                refs.add(r);
            } else {
                Map<String, JsonNode> extra = new LinkedHashMap<>(r.extra());
                extra.put(AGGREGATE_TYPE, TextNode.valueOf(type));
                refs.add(new SnapshotRef(r.untilVersion(), r.name(), extra));
            }
        }
        return d.withActive(d.active().withSnapshots(refs));
    }

    private static ObjectDocument withoutAggregateTypes(ObjectDocument d) {
        List<SnapshotRef> refs = new ArrayList<>();
        for (SnapshotRef r : d.active().snapShots()) {
            Map<String, JsonNode> extra = new LinkedHashMap<>(r.extra());
            extra.remove(AGGREGATE_TYPE);
            refs.add(new SnapshotRef(r.untilVersion(), r.name(), extra));
        }
        return d.withActive(d.active().withSnapshots(refs));
    }

    // ---- the reference's columns

    private static Rows reference(ObjectDocument d, int defaultChunkSize) {
        StreamInformation a = d.active();
        TableEntity row = new TableEntity(TableKeys.documentPartition(d.objectName()), TableKeys.id("objectId",
                d.objectId()));
        row.addProperty("ObjectId", d.objectId());
        row.addProperty("ObjectName", d.objectName());
        row.addProperty("ActiveStreamIdentifier", a.streamIdentifier());
        put(row, "ActiveStreamType", a.streamType());
        row.addProperty("ActiveCurrentStreamVersion", a.currentStreamVersion());
        for (String field : ACTIVE_STRINGS) {
            put(row, "Active" + Character.toUpperCase(field.charAt(0)) + field.substring(1),
                    textOf(a.extra().get(field)));
        }
        row.addProperty("ActiveChunkingEnabled", a.chunked());
        row.addProperty("ActiveChunkSize", a.chunkSettings() == null ? defaultChunkSize : a.chunkSettings().chunkSize());
        put(row, "SchemaVersion", d.schemaVersion());
        put(row, "Hash", d.hash());
        put(row, "PrevHash", d.prevHash());

        String owner = d.objectId();
        Map<String, TableEntity> chunks = new LinkedHashMap<>();
        for (StreamChunk c : a.streamChunks()) {
            TableEntity e = new TableEntity(owner, String.format("%010d", c.id()));
            e.addProperty("ChunkIdentifier", c.id());
            e.addProperty("FirstEventVersion", c.first());
            e.addProperty("LastEventVersion", c.last());
            chunks.put(e.getRowKey(), e);
        }
        // Keyed by version alone, as the reference keys them: two references to one version share a row.
        Map<String, TableEntity> snapshots = new LinkedHashMap<>();
        for (SnapshotRef r : a.snapShots()) {
            TableEntity e = new TableEntity(owner, String.format("%010d", r.untilVersion()));
            e.addProperty("UntilVersion", r.untilVersion());
            put(e, "Name", r.name());
            snapshots.put(e.getRowKey(), e);
        }
        Map<String, TableEntity> terminated = new LinkedHashMap<>();
        for (TerminatedStream t : d.terminatedStreams()) {
            TableEntity e = new TableEntity(owner, TableKeys.id("terminatedStreams.streamIdentifier",
                    t.streamIdentifier()));
            e.addProperty("StreamIdentifier", t.streamIdentifier());
            put(e, "StreamType", t.streamType());
            put(e, "DataStore", textOf(t.extra().get("streamConnectionName")));
            put(e, "Reason", t.reason());
            put(e, "ContinuationStreamId", t.continuationStreamId());
            putDate(e, "TerminationDate", t.terminationDate());
            if (t.streamVersion() != null) {
                e.addProperty("StreamVersion", t.streamVersion());
            }
            e.addProperty("Deleted", t.deleted());
            putDate(e, "DeletionDate", t.deletionDate());
            terminated.put(e.getRowKey(), e);
        }
        return new Rows(row, List.copyOf(chunks.values()), List.copyOf(snapshots.values()),
                List.copyOf(terminated.values()));
    }

    /** The document the reference's columns describe, as the reference reads it (side rows in key order). */
    private static ObjectDocument derive(TableEntity row, List<TableEntity> chunks, List<TableEntity> snapshots,
                                         List<TableEntity> terminated, int defaultChunkSize) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (String field : ACTIVE_STRINGS) {
            String v = text(row, "Active" + Character.toUpperCase(field.charAt(0)) + field.substring(1));
            if (v != null) {
                extra.put(field, TextNode.valueOf(v));
            }
        }
        boolean enabled = Boolean.TRUE.equals(row.getProperty("ActiveChunkingEnabled"));
        Object size = row.getProperty("ActiveChunkSize");
        ChunkSettings settings = null;
        if (enabled) {
            settings = ChunkSettings.of(size instanceof Integer s ? s : defaultChunkSize);
        } else if (size instanceof Integer s && s != defaultChunkSize) {
            // The reference reads no settings back when chunking is off; a chunk size other than the default
            // is kept as disabled settings, so the column is written back as it was.
            settings = new ChunkSettings(s, false, Map.of());
        }
        List<StreamChunk> streamChunks = sorted(chunks).stream()
                .map(c -> StreamChunk.of(integer(c, "ChunkIdentifier", Integer.parseInt(c.getRowKey())),
                        integer(c, "FirstEventVersion", 0), integer(c, "LastEventVersion", -1)))
                .toList();
        List<SnapshotRef> refs = sorted(snapshots).stream()
                .map(s -> SnapshotRef.of(integer(s, "UntilVersion", Integer.parseInt(s.getRowKey())), text(s, "Name")))
                .toList();
        Object version = row.getProperty("ActiveCurrentStreamVersion");
        StreamInformation active = new StreamInformation(text(row, "ActiveStreamIdentifier"),
                text(row, "ActiveStreamType"), version instanceof Integer v ? v : -1, settings, streamChunks, refs,
                extra);
        List<TerminatedStream> ended = sorted(terminated).stream().map(TableDocumentRows::terminated).toList();
        String objectId = text(row, "ObjectId");
        String objectName = text(row, "ObjectName");
        return new ObjectDocument(objectId != null ? objectId : row.getRowKey(),
                objectName != null ? objectName : row.getPartitionKey(), active, ended, text(row, "SchemaVersion"),
                text(row, "Hash"), text(row, "PrevHash"), Map.of());
    }

    private static TerminatedStream terminated(TableEntity e) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        String dataStore = text(e, "DataStore");
        if (dataStore != null) {
            extra.put("streamConnectionName", TextNode.valueOf(dataStore));
        }
        String sid = text(e, "StreamIdentifier");
        Object version = e.getProperty("StreamVersion");
        return new TerminatedStream(sid != null ? sid : e.getRowKey(), text(e, "StreamType"), text(e, "Reason"),
                text(e, "ContinuationStreamId"), date(e, "TerminationDate"),
                version instanceof Integer v ? v : null, Boolean.TRUE.equals(e.getProperty("Deleted")),
                date(e, "DeletionDate"), null, extra);
    }

    private static List<TableEntity> sorted(List<TableEntity> rows) {
        List<TableEntity> copy = new ArrayList<>(rows);
        copy.sort(java.util.Comparator.comparing(TableEntity::getRowKey));
        return copy;
    }

    private static void put(TableEntity e, String column, String value) {
        if (value != null) {
            e.addProperty(column, value);
        }
    }

    /** A date the document holds as text: stored as a DateTime when it is one, otherwise left out. */
    private static void putDate(TableEntity e, String column, String value) {
        if (value == null) {
            return;
        }
        try {
            e.addProperty(column, OffsetDateTime.parse(value));
        } catch (DateTimeParseException ignored) {
            // Not a date the table can hold: the document's own column keeps the text.
        }
    }

    private static String date(TableEntity e, String column) {
        Object v = e.getProperty(column);
        return v instanceof OffsetDateTime t ? TableColumns.dateText(t) : v == null ? null : v.toString();
    }

    private static int integer(TableEntity e, String column, int otherwise) {
        Object v = e.getProperty(column);
        return v instanceof Integer i ? i : otherwise;
    }

    private static String text(TableEntity e, String column) {
        Object v = e.getProperty(column);
        return v == null ? null : v.toString();
    }

    private static String textOf(JsonNode n) {
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
