package io.esbackup.azure;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stream's header (FORMAT.md, section 7.1) in the Table layout, which has no header row: the one its rows
 * imply ({@code objectId} from their column, the object name read under), or, when a writer gave another, that
 * one in esbackup's column {@value TableEventRows#HEADER} on the stream's first row.
 */
final class TableStreamHeader {
    private TableStreamHeader() {}

    /** Keeps {@code header} on {@code firstRow} when the rows would not give it back. */
    static void keep(TableEntity firstRow, StreamHeader header, String objectName, String objectId) {
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
        firstRow.addProperty(TableEventRows.HEADER, text);
    }

    /** The header of the stream whose first row is {@code firstRow}, read under {@code objectName}. */
    static StreamHeader of(TableEntity firstRow, String objectName) {
        Object kept = firstRow.getProperty(TableEventRows.HEADER);
        if (kept != null) {
            return parse(Json.tree(kept.toString().getBytes(StandardCharsets.UTF_8)));
        }
        Object objectId = firstRow.getProperty("ObjectId");
        return objectId == null ? new StreamHeader(Map.of()) : StreamHeader.of(objectName, objectId.toString());
    }

    private static StreamHeader parse(JsonNode n) {
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
}
