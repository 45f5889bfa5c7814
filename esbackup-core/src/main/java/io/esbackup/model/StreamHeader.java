package io.esbackup.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The properties of an events document other than {@code events} ({@code objectId}, {@code objectName},
 * {@code lastObjectDocumentHash}, {@code terminated}, {@code schemaVersion} and anything unknown), kept
 * as JSON in document order so they are written back as read.
 *
 * @param fields the header of the stream's document, or of its first chunk
 * @param chunks for a chunked stream, the header of each chunk whose header differs from {@code fields}
 *               (the reference writes each chunk at a different time, so {@code lastObjectDocumentHash}
 *               usually differs), by chunk id
 */
public record StreamHeader(Map<String, JsonNode> fields, Map<Integer, Map<String, JsonNode>> chunks) {
    public StreamHeader {
        fields = Extras.copy(fields);
        TreeMap<Integer, Map<String, JsonNode>> copy = new TreeMap<>();
        if (chunks != null) {
            chunks.forEach((id, f) -> copy.put(id, Extras.copy(f)));
        }
        chunks = Collections.unmodifiableMap(copy);
    }

    public StreamHeader(Map<String, JsonNode> fields) {
        this(fields, Map.of());
    }

    public static StreamHeader of(String objectName, String objectId) {
        Map<String, JsonNode> f = new LinkedHashMap<>();
        f.put("objectId", TextNode.valueOf(objectId));
        f.put("objectName", TextNode.valueOf(objectName));
        return new StreamHeader(f);
    }

    /** The header of chunk {@code chunkId}: its own where it differs, the stream's otherwise. */
    public Map<String, JsonNode> forChunk(int chunkId) {
        return chunks.getOrDefault(chunkId, fields);
    }

    /** This header with {@code objectId} replaced everywhere (used by clone). */
    public StreamHeader withObjectId(String objectId) {
        Map<Integer, Map<String, JsonNode>> renamed = new TreeMap<>();
        chunks.forEach((id, f) -> renamed.put(id, withObjectId(f, objectId)));
        return new StreamHeader(withObjectId(fields, objectId), renamed);
    }

    private static Map<String, JsonNode> withObjectId(Map<String, JsonNode> fields, String objectId) {
        Map<String, JsonNode> f = new LinkedHashMap<>(fields);
        f.put("objectId", TextNode.valueOf(objectId));
        return f;
    }
}
