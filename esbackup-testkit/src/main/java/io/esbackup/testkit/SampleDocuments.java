package io.esbackup.testkit;

import static io.esbackup.testkit.SampleEvents.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamChunk;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Object documents and stream layouts for the event store suite: fixed values, the same on every run. */
final class SampleDocuments {
    private static final String OBJECT = "Order";

    private SampleDocuments() {}

    /** A stream chunked every 3 events, not yet written. */
    static StreamInformation chunked(String streamIdentifier) {
        return new StreamInformation(streamIdentifier, "blob", -1, ChunkSettings.of(3), List.of(), List.of(), Map.of());
    }

    static ObjectDocument plain(String objectName, String objectId) {
        return ObjectDocument.create(objectName, objectId, StreamInformation.empty(objectId + "-stream", "blob"));
    }

    /** A document that sets every field, with unknown properties at every level. */
    static ObjectDocument rich(String objectId) {
        ChunkSettings settings = new ChunkSettings(3, true, extra("chunkFuture", "10.50"));
        StreamInformation active = new StreamInformation(objectId + "-stream", "blob", 4, settings,
                List.of(new StreamChunk(0, 0, 2, extra("size", "123456789012345678901234567890")),
                        StreamChunk.of(1, 3, 4)),
                List.of(new SnapshotRef(2, "compact", extra("note", "\"ünï\"")), SnapshotRef.of(4, null)),
                extra("streamConnectionName", "\"Store\""));
        TerminatedStream terminated = new TerminatedStream("old-stream", "blob", "replaced", objectId + "-stream",
                "2024-01-01T00:00:00.1234567Z", 17, true, "2024-02-01T00:00:00Z", json("{\"by\":\"ops\",\"n\":1.0}"),
                extra("terminatedFuture", "[1,\"two\",null]"));
        return new ObjectDocument(objectId, OBJECT, active, List.of(terminated), "2", "hash-1", "hash-0",
                extra("documentFuture", "{\"nested\":{\"amount\":10.50}}"));
    }

    static Map<String, JsonNode> extra(String name, String jsonValue) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        extra.put(name, json(jsonValue));
        return extra;
    }
}
