package io.esbackup.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.ActionMetadata;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import io.esbackup.model.RawJson;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events and headers that exercise every field the model keeps: unknown properties, exact number text
 * (a scale that must survive, an integer past 64 bits), non-ASCII text and absent optional fields.
 */
final class SampleEvents {
    private SampleEvents() {}

    /** Events {@code from..to}: even versions carry every field, odd ones only the required ones. */
    static List<Event> range(int from, int to) {
        return range("OrderLineAdded", from, to);
    }

    /** Like {@link #range(int, int)} with another event type, to tell two generations of a stream apart. */
    static List<Event> range(String eventType, int from, int to) {
        List<Event> events = new ArrayList<>();
        for (int v = from; v <= to; v++) {
            events.add(v % 2 == 0 ? rich(eventType, v) : plain(eventType, v));
        }
        return events;
    }

    static Event plain(String eventType, int version) {
        String[] payloads = {"10.50", "\"just text\"", "null", "[]"};
        return Event.of(eventType, version, payloads[version % payloads.length], null);
    }

    static Event rich(String eventType, int version) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("tenant", "t-1");
        metadata.put("note", "naïve ✓ " + version);
        metadata.put("absent", null);
        Map<String, JsonNode> actionExtra = new LinkedHashMap<>();
        actionExtra.put("traceId", json("\"trace-" + version + "\""));
        ActionMetadata action = new ActionMetadata("corr-" + version, "cause-" + version,
                json("{\"id\":\"u-1\",\"name\":\"Zoë 山田\",\"level\":3}"), "2024-05-01T10:00:00.1234567+02:00",
                actionExtra);
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        extra.put("futureField", json("{\"weight\":10.50,\"big\":123456789012345678901234567890}"));
        extra.put("flag", json("true"));
        String payload = "{\"line\":" + version + ",\"amount\":10.50,\"units\":123456789012345678901234567890,"
                + "\"text\":\"ünïcödé 日本語 🎉\",\"nested\":[1,2.50E3,null,true,{}]}";
        return new Event(eventType, version, 2, "seq-" + version, action, metadata, payload,
                "2024-05-01T08:00:00.1234567Z", extra);
    }

    /** An events document header with the reference's fields and one this version does not know. */
    static StreamHeader header(String objectName, String objectId) {
        Map<String, JsonNode> fields = new LinkedHashMap<>(StreamHeader.of(objectName, objectId).fields());
        fields.put("lastObjectDocumentHash", json("\"hash-42\""));
        fields.put("customField", json("{\"ratio\":10.50,\"tags\":[\"a\",\"ß\"]}"));
        return new StreamHeader(fields);
    }

    /** A JSON value parsed the way the store parses it, so node types compare equal. */
    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code e} as a store holding it as bytes would hand it over: its JSON as esbackup writes an event. */
    static RawEvent raw(Event e) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory()
                .createGenerator(out)) {
            EventCodec.write(g, e);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        byte[] bytes = out.toByteArray();
        return new RawEvent(e.eventType(), e.eventVersion(), RawJson.ofUtf8(bytes, 0, bytes.length));
    }
}
