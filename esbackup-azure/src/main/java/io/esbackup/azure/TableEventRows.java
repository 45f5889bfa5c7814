package io.esbackup.azure;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.esbackup.error.BackupException;
import io.esbackup.model.Event;
import io.esbackup.model.RawJson;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One event as the reference's Table layout stores it (docs/FORMAT.md, section 14a): a row with the reference's
 * columns, and for a large payload further rows {@code {version}_p{i}} holding pieces of it, and back.
 *
 * <p>A row read becomes an event in the Blob layout's shape, the one archives hold: {@code ActionMetadata}'s
 * PascalCase members become {@code action}'s camelCase ones, the row's service {@code Timestamp} its
 * {@code timestamp}. What only a row has is kept in the event's member {@value #TABLE_ROW}, so a restore into a
 * table writes the reference's columns back as they were: {@code LastObjectDocumentHash}, the exact text of
 * {@code ActionMetadata} and {@code Metadata} where esbackup would write them otherwise, whether the payload
 * was in {@code PayloadData}, and columns this version does not know. What an event has that the reference's
 * columns cannot hold ({@code exseq}, unknown members, a {@code timestamp} of its own, an absent
 * {@code schemaVersion}) goes to one column of esbackup's, {@value #MEMBERS}, which the reference ignores.
 */
final class TableEventRows {
    /** The reference's threshold for a large payload and the size of each of its pieces, in bytes. */
    static final int PAYLOAD_PIECE = 60 * 1024;
    /** A string column holds at most 64 KiB of UTF-16. */
    static final int MAX_STRING_CHARS = 32 * 1024 - 1;
    /** The event member that keeps what only a Table row has. */
    static final String TABLE_ROW = "tableRow";
    /** esbackup's column: the event's members the reference's columns do not reproduce. */
    static final String MEMBERS = "EsbackupMembers";
    /** esbackup's column on a stream's first row: its header, where it is not the one the rows imply. */
    static final String HEADER = "EsbackupHeader";
    static final String NO_HASH = "*";

    static final Set<String> KNOWN = Set.of("ObjectId", "StreamIdentifier", "EventVersion", "EventType",
            "SchemaVersion", "Payload", "ActionMetadata", "Metadata", "ChunkIdentifier", "LastObjectDocumentHash",
            "PayloadChunked", "PayloadTotalChunks", "PayloadCompressed", "PayloadChunkIndex", "PayloadData", MEMBERS,
            HEADER);

    private TableEventRows() {}

    /** Where an event's rows go: its partition and the columns every row of the stream repeats. */
    record Place(String partition, String objectId, String streamIdentifier, Integer chunkId) {}

    /** The rows of {@code e}: its row, then the pieces of a large payload. */
    static List<TableEntity> rows(Event e, Place place) {
        ObjectNode members = members(e);
        JsonNode t = members.get(TABLE_ROW);
        ObjectNode tableRow = t != null && t.isObject() ? (ObjectNode) members.remove(TABLE_ROW) : null;
        String where = "event " + e.eventVersion() + " of stream " + place.streamIdentifier();

        TableEntity row = new TableEntity(place.partition(), TableKeys.versionKey(e.eventVersion()));
        common(row, e, place, schemaVersion(members), lastHash(tableRow));
        JsonNode action = members.get("action");
        if (action != null && action.isObject()) {
            row.addProperty("ActionMetadata", column(where, "ActionMetadata",
                    verbatim(tableRow, "actionMetadata", action, true, Json.text(pascal(action)))));
        }
        JsonNode metadata = members.get("metadata");
        if (metadata != null && metadata.isObject()) {
            row.addProperty("Metadata", column(where, "Metadata",
                    verbatim(tableRow, "metadata", metadata, false, Json.text(metadata))));
        }
        if (tableRow != null) {
            TableColumns.restore(row, tableRow.get("columns"));
        }

        // What a reader of these columns would not give back goes to esbackup's column.
        Map<String, JsonNode> derived = derived(row);
        boolean serviceTime = tableRow != null && "service".equals(tableRow.path("timestamp").asText(null));
        ObjectNode set = Json.objectNode();
        ArrayNode unset = Json.nodes().arrayNode();
        members.fields().forEachRemaining(m -> {
            if (!m.getKey().equals("timestamp") && !m.getKey().equals("payload")
                    && !Objects.equals(derived.get(m.getKey()), m.getValue())) {
                set.set(m.getKey(), m.getValue());
            }
        });
        derived.keySet().stream().filter(k -> !members.has(k)).forEach(unset::add);
        if (!serviceTime) {
            // A reader takes the row's write time for an event without one of its own.
            if (members.has("timestamp")) {
                set.set("timestamp", members.get("timestamp"));
            } else {
                unset.add("timestamp");
            }
        }
        if (!set.isEmpty() || !unset.isEmpty()) {
            ObjectNode m = Json.objectNode();
            if (!set.isEmpty()) {
                m.set("set", set);
            }
            if (!unset.isEmpty()) {
                m.set("unset", unset);
            }
            row.addProperty(MEMBERS, column(where, MEMBERS, Json.text(m)));
        }

        List<TableEntity> rows = new ArrayList<>(1);
        rows.add(row);
        payload(rows, e, place, tableRow);
        return rows;
    }

    /**
     * The event of a row and the pieces of its payload ({@code pieces} in any order, empty for most), in the
     * Blob layout's shape. {@code objectName} only labels errors.
     */
    static Event event(TableEntity row, List<TableEntity> pieces) {
        String where = "event row " + row.getPartitionKey() + "/" + row.getRowKey();
        Map<String, JsonNode> m = derived(row);
        ObjectNode tableRow = Json.objectNode();
        boolean ownTime = false;
        Object kept = row.getProperty(MEMBERS);
        if (kept != null) {
            JsonNode k = parse(where, MEMBERS, kept.toString());
            k.path("set").fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue()));
            for (JsonNode u : k.path("unset")) {
                m.remove(u.asText());
            }
            ownTime = k.path("set").has("timestamp") || contains(k.path("unset"), "timestamp");
        }
        if (!ownTime) {
            if (row.getTimestamp() != null) {
                m.put("timestamp", TextNode.valueOf(TableColumns.dateText(row.getTimestamp())));
            }
            tableRow.put("timestamp", "service");
        }
        String hash = text(row, "LastObjectDocumentHash");
        if (hash != null && !hash.equals(NO_HASH)) {
            tableRow.put("lastObjectDocumentHash", hash);
        }
        String action = text(row, "ActionMetadata");
        if (action != null && m.containsKey("action") && !Json.text(pascal(m.get("action"))).equals(action)) {
            tableRow.put("actionMetadata", action);
        }
        String metadata = text(row, "Metadata");
        if (metadata != null && m.containsKey("metadata") && !Json.text(m.get("metadata")).equals(metadata)) {
            tableRow.put("metadata", metadata);
        }
        Object compressed = row.getProperty("PayloadCompressed");
        boolean inData = row.getProperty("PayloadData") != null || Boolean.TRUE.equals(row.getProperty("PayloadChunked"));
        if (inData) {
            tableRow.putObject("payloadData").put("compressed", Boolean.TRUE.equals(compressed));
        }
        ObjectNode unknown = TableColumns.unknown(row, KNOWN);
        if (unknown != null) {
            tableRow.set("columns", unknown);
        }
        if (!tableRow.isEmpty()) {
            m.put(TABLE_ROW, tableRow);
        }
        RawJson payload = inData ? dataPayload(where, row, pieces) : RawJson.of(Objects.requireNonNullElse(
                text(row, "Payload"), "null"));
        checkJson(where, payload);
        return build(where, m, payload);
    }

    /** Whether {@code row} is a piece of a large payload rather than an event. */
    static boolean isPiece(TableEntity row) {
        Object index = row.getProperty("PayloadChunkIndex");
        return index instanceof Integer i && i > 0 || row.getRowKey().contains("_p");
    }

    /** The number of pieces the event of {@code row} has beyond the row itself. */
    static int piecesAfter(TableEntity row) {
        Object total = row.getProperty("PayloadTotalChunks");
        return Boolean.TRUE.equals(row.getProperty("PayloadChunked")) && total instanceof Integer n ? n - 1 : 0;
    }

    /** The event's version from its row, checked against the RowKey. */
    static int version(TableEntity row) {
        Object v = row.getProperty("EventVersion");
        if (!(v instanceof Integer version) || !TableKeys.versionKey(version).equals(row.getRowKey())) {
            throw new BackupException("event row " + row.getPartitionKey() + "/" + row.getRowKey()
                    + " has EventVersion " + v + ", which does not match its RowKey");
        }
        return version;
    }

    // ---- writing

    private static void common(TableEntity row, Event e, Place place, int schemaVersion, String lastHash) {
        row.addProperty("ObjectId", place.objectId());
        row.addProperty("StreamIdentifier", place.streamIdentifier());
        row.addProperty("EventVersion", e.eventVersion());
        row.addProperty("EventType", e.eventType());
        row.addProperty("SchemaVersion", schemaVersion);
        if (place.chunkId() != null) {
            row.addProperty("ChunkIdentifier", place.chunkId());
        }
        row.addProperty("LastObjectDocumentHash", lastHash);
    }

    /** The reference writes 1 for an event without a schema version. */
    private static int schemaVersion(ObjectNode members) {
        JsonNode v = members.get("schemaVersion");
        return v != null && v.canConvertToInt() ? v.intValue() : 1;
    }

    private static String lastHash(ObjectNode tableRow) {
        JsonNode h = tableRow == null ? null : tableRow.get("lastObjectDocumentHash");
        return h != null && h.isTextual() ? h.textValue() : NO_HASH;
    }

    /**
     * The column text kept in {@code tableRow.field} when it still says what {@code value} says, else
     * {@code rendered}: a backup's exact text wins unless the event was changed since.
     */
    private static String verbatim(ObjectNode tableRow, String field, JsonNode value, boolean pascal, String rendered) {
        JsonNode kept = tableRow == null ? null : tableRow.get(field);
        if (kept == null || !kept.isTextual()) {
            return rendered;
        }
        try {
            JsonNode parsed = Json.readTree(kept.textValue().getBytes(StandardCharsets.UTF_8));
            return value.equals(pascal ? camel(parsed) : parsed) ? kept.textValue() : rendered;
        } catch (IOException e) {
            return rendered;
        }
    }

    /**
     * The payload: in {@code Payload} when it fits a string column (as the reference writes it), otherwise
     * gzipped (unless a backup says the row held it plain) into {@code PayloadData}, split over pieces of
     * {@value #PAYLOAD_PIECE} bytes on rows of their own.
     */
    private static void payload(List<TableEntity> rows, Event e, Place place, ObjectNode tableRow) {
        TableEntity row = rows.get(0);
        byte[] utf8 = e.payload().toUtf8();
        JsonNode data = tableRow == null ? null : tableRow.get("payloadData");
        boolean fits = e.payload().text().length() <= MAX_STRING_CHARS;
        boolean small = utf8.length <= PAYLOAD_PIECE || tableRow != null && data == null;
        if (data == null && fits && small) {
            row.addProperty("Payload", e.payload().text());
            return;
        }
        boolean compress = data == null || data.path("compressed").asBoolean(true);
        byte[] stored = compress ? gzip(utf8) : utf8;
        int n = Math.max(1, (stored.length + PAYLOAD_PIECE - 1) / PAYLOAD_PIECE);
        row.addProperty("Payload", "{}");
        row.addProperty("PayloadData", piece(stored, 0));
        row.addProperty("PayloadChunked", n > 1);
        row.addProperty("PayloadTotalChunks", n);
        row.addProperty("PayloadCompressed", compress);
        for (int i = 1; i < n; i++) {
            TableEntity p = new TableEntity(place.partition(), TableKeys.pieceKey(e.eventVersion(), i));
            common(p, e, place, (Integer) row.getProperty("SchemaVersion"),
                    (String) row.getProperty("LastObjectDocumentHash"));
            p.addProperty("PayloadChunkIndex", i);
            p.addProperty("PayloadData", piece(stored, i));
            p.addProperty("PayloadTotalChunks", n);
            p.addProperty("Payload", "{}");
            rows.add(p);
        }
    }

    private static byte[] piece(byte[] bytes, int i) {
        int from = i * PAYLOAD_PIECE;
        return java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + PAYLOAD_PIECE));
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String column(String where, String name, String text) {
        if (text.length() > MAX_STRING_CHARS) {
            throw new IllegalArgumentException(where + ": its " + name + " column would be " + text.length()
                    + " characters, more than Azure Table storage's " + MAX_STRING_CHARS + " per string column");
        }
        return text;
    }

    // ---- reading

    /** The members a reader derives from the reference's columns alone (no timestamp: the service sets it). */
    private static Map<String, JsonNode> derived(TableEntity row) {
        String where = "event row " + row.getPartitionKey() + "/" + row.getRowKey();
        Map<String, JsonNode> m = new LinkedHashMap<>();
        String type = text(row, "EventType");
        if (type == null) {
            throw new BackupException(where + " has no EventType");
        }
        m.put("type", TextNode.valueOf(type));
        m.put("version", Json.nodes().numberNode(java.math.BigInteger.valueOf(version(row))));
        Object schema = row.getProperty("SchemaVersion");
        if (schema instanceof Integer s) {
            m.put("schemaVersion", Json.nodes().numberNode(java.math.BigInteger.valueOf(s)));
        }
        String action = text(row, "ActionMetadata");
        if (action != null) {
            m.put("action", camel(parse(where, "ActionMetadata", action)));
        }
        String metadata = text(row, "Metadata");
        if (metadata != null) {
            m.put("metadata", parse(where, "Metadata", metadata));
        }
        return m;
    }

    private static RawJson dataPayload(String where, TableEntity row, List<TableEntity> pieces) {
        int total = piecesAfter(row) + 1;
        byte[][] parts = new byte[total][];
        parts[0] = bytes(row);
        for (TableEntity p : pieces) {
            Object index = p.getProperty("PayloadChunkIndex");
            if (index instanceof Integer i && i > 0 && i < total) {
                parts[i] = bytes(p);
            }
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < total; i++) {
            if (parts[i] == null) {
                throw new BackupException(where + ": piece " + i + " of its " + total + " payload pieces is missing");
            }
            all.writeBytes(parts[i]);
        }
        byte[] data = all.toByteArray();
        if (Boolean.TRUE.equals(row.getProperty("PayloadCompressed"))) {
            try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(data))) {
                data = z.readAllBytes();
            } catch (IOException e) {
                throw new BackupException(where + ": its compressed payload is not gzip: " + e.getMessage(), e);
            }
        }
        return RawJson.ofUtf8(data, 0, data.length);
    }

    private static byte[] bytes(TableEntity row) {
        Object data = row.getProperty("PayloadData");
        return data instanceof byte[] b ? b : new byte[0];
    }

    /** An archive embeds the payload as it is: it must be one JSON value. */
    private static void checkJson(String where, RawJson payload) {
        try (JsonParser p = Json.parser(payload.toUtf8())) {
            if (p.nextToken() == null) {
                throw new IOException("it is empty");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new IOException("content follows the JSON value");
            }
        } catch (IOException e) {
            throw new BackupException(where + ": its payload is not JSON: " + e.getMessage(), e);
        }
    }

    private static Event build(String where, Map<String, JsonNode> members, RawJson payload) {
        ObjectNode shell = Json.objectNode();
        members.forEach(shell::set);
        shell.putNull("payload");
        try (JsonParser p = Json.parser(Json.bytes(shell))) {
            p.nextToken();
            Event e = EventCodec.read(p);
            return new Event(e.eventType(), e.eventVersion(), e.schemaVersion(), e.externalSequencer(), e.action(),
                    e.metadata(), payload, e.timestamp(), e.extra());
        } catch (IOException | IllegalArgumentException e) {
            throw new BackupException(where + " is not an event: " + e.getMessage(), e);
        }
    }

    /** The event's members as JSON, its payload left as {@code null}: the payload is handled as bytes. */
    private static ObjectNode members(Event e) {
        Event shell = new Event(e.eventType(), e.eventVersion(), e.schemaVersion(), e.externalSequencer(), e.action(),
                e.metadata(), "null", e.timestamp(), e.extra());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.generator(out)) {
            EventCodec.write(g, shell);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        ObjectNode n = (ObjectNode) Json.tree(out.toByteArray());
        n.remove("payload");
        return n;
    }

    private static JsonNode parse(String where, String column, String text) {
        try {
            return Json.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BackupException(where + ": its " + column + " column is not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(TableEntity row, String column) {
        Object v = row.getProperty(column);
        return v == null ? null : v.toString();
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }

    /** {@code action}'s members as the reference's .NET serializer names them: {@code correlationId} → {@code CorrelationId}. */
    static JsonNode pascal(JsonNode object) {
        return renamed(object, true);
    }

    static JsonNode camel(JsonNode object) {
        return renamed(object, false);
    }

    private static JsonNode renamed(JsonNode object, boolean upper) {
        if (!object.isObject()) {
            return object;
        }
        ObjectNode out = Json.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            String renamed = name.isEmpty() ? name : (upper ? Character.toUpperCase(name.charAt(0))
                    : Character.toLowerCase(name.charAt(0))) + name.substring(1);
            out.set(renamed, f.getValue());
        }
        return out;
    }
}
