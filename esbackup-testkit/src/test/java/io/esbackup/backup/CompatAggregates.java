package io.esbackup.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.esbackup.store.SnapshotStore;
import io.esbackup.model.ActionMetadata;
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import io.esbackup.model.json.Json;
import io.esbackup.store.EventStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregates the version-1 compatibility fixtures were written from ({@link CompatFixtureWriter}).
 * Everything is fixed text, so the store is the same on every run. Changing this class does not change
 * the committed fixtures; they are only rewritten by running the writer on purpose.
 */
final class CompatAggregates {
    /** Plain stream: decimals, exponents, a large integer, unicode and escapes, unknown members everywhere. */
    static final String PLAIN = "plain-1";
    /** A stream with an unnamed and a named snapshot. */
    static final String SNAPSHOTS = "snap-1";
    /** A chunked stream (chunk size 3, 7 events, so 3 chunks). */
    static final String CHUNKED = "chunk-1";
    /** A stream with terminated streams: unchunked, chunked, and one marked deleted. */
    static final String TERMINATED = "term-1";

    private CompatAggregates() {}

    /** Writes the four aggregates into an empty store; returns {objectName, objectId} pairs. */
    static List<String[]> build(EventStore store) {
        plain(store);
        snapshots(store);
        chunked(store);
        terminated(store);
        return List.of(new String[] {"Order", PLAIN}, new String[] {"Order", SNAPSHOTS},
                new String[] {"Order", CHUNKED}, new String[] {"Invoice", TERMINATED});
    }

    private static void plain(EventStore store) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("tenant", "acme");
        metadata.put("note", null);
        ActionMetadata action = new ActionMetadata("9d8c7b6a-0000-4000-8000-000000000001",
                "9d8c7b6a-0000-4000-8000-000000000002", tree("{\"id\":\"u-17\",\"name\":\"Zoë 山田\",\"score\":4.50}"),
                "2024-03-01T10:00:00.1234567+01:00", Map.of("channel", TextNode.valueOf("web")));
        List<Event> events = List.of(
                new Event("Order.Created", 0, 1, null, action, metadata,
                        "{\"orderId\":\"plain-1\",\"total\":10.50,\"currency\":\"EUR\",\"customer\":\"Zoë 山田 ☕ 𝄞\"}",
                        "2024-03-01T09:00:00.1234567Z", extra("{\"producer\":\"legacy\",\"hints\":{\"weight\":1.50,"
                                + "\"list\":[1,2.0,\"x\",null,true]}}")),
                new Event("Order.LineAdded", 1, null, "000042", null, null,
                        "{\"sku\":\"A-1\",\"qty\":2,\"price\":1.0E2,\"big\":123456789012345678901234567890,"
                                + "\"neg\":-0.000001,\"tiny\":1e-7,\"zero\":-0}",
                        "2024-03-01T09:05:00Z", Map.of()),
                new Event("Order.Noted", 2, 2, null, null, Map.of("k", "v"),
                        "\"caf\\u00e9 \\/ \\\"quoted\\\" \\ud834\\udd1e tab\\t\"",
                        "2024-03-01T09:06:00+05:30", Map.of()),
                new Event("Order.Cleared", 3, null, null, null, null, "null", null, Map.of()));
        StreamInformation info = new StreamInformation("plain1-0000000000", "blob", -1, null, List.of(), List.of(),
                extra("{\"streamConnectionName\":\"Store\",\"documentTagType\":\"blob\"}"));
        info = store.appendEvents("Order", info, header("Order", PLAIN,
                "{\"lastObjectDocumentHash\":\"*\",\"schemaVersion\":\"1\",\"custom\":{\"x\":1.50}}"),
                events.iterator());
        store.writeDocument(new ObjectDocument(PLAIN, "Order", info, List.of(), "2", "h-2", "h-1",
                extra("{\"customerRegion\":\"eu-west\",\"audit\":{\"by\":\"ops\",\"at\":\"2024-03-01\"}}")), null);
    }

    private static void snapshots(EventStore store) {
        String sid = "snap1-0000000000";
        StreamInformation info = store.appendEvents("Order", StreamInformation.empty(sid, "blob"),
                header("Order", SNAPSHOTS, "{\"lastObjectDocumentHash\":\"*\"}"), simpleEvents("Order.Line", 6));
        SnapshotRef unnamed = SnapshotRef.of(2, null);
        SnapshotRef named = new SnapshotRef(5, "full", extra("{\"createdBy\":\"nightly\"}"));
        store.capability(SnapshotStore.class).orElseThrow().writeSnapshot("Order", sid, unnamed, out -> out.write(utf8(
                "{\"state\":{\"lines\":3,\"total\":31.50},\"at\":2,\"big\":123456789012345678901234567890,"
                        + "\"ratio\":2.5E-3,\"name\":\"Zoë\"}")));
        store.capability(SnapshotStore.class).orElseThrow().writeSnapshot("Order", sid, named, out -> out.write(utf8("[1,2.50,\"é\",{\"deep\":[null,false]}]")));
        info = info.withSnapshots(List.of(unnamed, named));
        store.writeDocument(ObjectDocument.create("Order", SNAPSHOTS, info), null);
    }

    private static void chunked(EventStore store) {
        StreamInformation info = new StreamInformation("chunk1-0000000000", "blob", -1, ChunkSettings.of(3),
                List.of(), List.of(), Map.of());
        info = store.appendEvents("Order", info, header("Order", CHUNKED, "{}"), simpleEvents("Order.Tick", 7));
        store.writeDocument(ObjectDocument.create("Order", CHUNKED, info), null);
    }

    private static void terminated(EventStore store) {
        String first = "term1-0000000000";
        String second = "term1-0000000001";
        String active = "term1-0000000002";
        store.appendEvents("Invoice", StreamInformation.empty(first, "blob"),
                header("Invoice", TERMINATED, "{\"terminated\":true}"), simpleEvents("Invoice.Old", 3));
        store.appendEvents("Invoice", new StreamInformation(second, "blob", -1, ChunkSettings.of(2), List.of(),
                List.of(), Map.of()), header("Invoice", TERMINATED, "{\"terminated\":true}"),
                simpleEvents("Invoice.Split", 3));
        StreamInformation info = store.appendEvents("Invoice", StreamInformation.empty(active, "blob"),
                header("Invoice", TERMINATED, "{}"), simpleEvents("Invoice.New", 2));
        List<TerminatedStream> ended = new ArrayList<>();
        ended.add(new TerminatedStream(first, "blob", "migrated", second, "2024-02-01T08:00:00Z", 2, false, null,
                tree("{\"ticket\":\"INV-1\",\"weight\":0.10}"), extra("{\"migratedBy\":\"tool-7\"}")));
        ended.add(new TerminatedStream(second, "blob", "split", active, "2024-02-15T08:00:00.5Z", 2, false, null,
                null, Map.of()));
        ended.add(new TerminatedStream("term1-old", "blob", "purged", first, "2024-01-01T00:00:00Z", 9, true,
                "2024-01-02T00:00:00Z", null, Map.of()));
        store.writeDocument(ObjectDocument.create("Invoice", TERMINATED, info).withTerminatedStreams(ended), null);
    }

    /** Events with a decimal, an exponent and a non-ASCII string in the payload. */
    private static java.util.Iterator<Event> simpleEvents(String type, int count) {
        List<Event> events = new ArrayList<>();
        for (int v = 0; v < count; v++) {
            events.add(new Event(type, v, 1, null, null, Map.of("seq", String.valueOf(v)),
                    "{\"n\":" + v + ",\"amount\":" + v + ".50,\"rate\":1.5E" + v + ",\"label\":\"ü-" + v + "\"}",
                    "2024-04-01T12:00:0" + v + "Z", Map.of()));
        }
        return events.iterator();
    }

    private static StreamHeader header(String objectName, String objectId, String more) {
        Map<String, JsonNode> fields = new LinkedHashMap<>(StreamHeader.of(objectName, objectId).fields());
        fields.putAll(extra(more));
        return new StreamHeader(fields);
    }

    private static Map<String, JsonNode> extra(String json) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        tree(json).properties().forEach(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    private static JsonNode tree(String json) {
        return Json.tree(utf8(json));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
