package io.esbackup.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties of an events document other than {@code events} ({@code objectId}, {@code objectName},
 * {@code lastObjectDocumentHash}, {@code terminated}, {@code schemaVersion} and anything unknown), kept
 * as JSON in document order so they are written back as read.
 */
public record StreamHeader(Map<String, JsonNode> fields) {
    public StreamHeader {
        fields = Extras.copy(fields);
    }

    public static StreamHeader of(String objectName, String objectId) {
        Map<String, JsonNode> f = new LinkedHashMap<>();
        f.put("objectId", TextNode.valueOf(objectId));
        f.put("objectName", TextNode.valueOf(objectName));
        return new StreamHeader(f);
    }

    /** This header with {@code objectId} replaced (used by clone). */
    public StreamHeader withObjectId(String objectId) {
        Map<String, JsonNode> f = new LinkedHashMap<>(fields);
        f.put("objectId", TextNode.valueOf(objectId));
        return new StreamHeader(f);
    }
}
