package io.esbackup.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.esbackup.model.ActionMetadata;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import io.esbackup.model.RawJson;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes one event in the reference's JSON shape with the streaming API, so a stream of
 * any length is copied one event at a time.
 */
public final class EventCodec {
    /** Fields written only when set; an explicit {@code null} in the input is kept in {@code extra}. */
    private static final Set<String> OPTIONAL_EVENT_FIELDS =
            Set.of("schemaVersion", "exseq", "action", "metadata", "timestamp");

    private static final RawJson NULL_PAYLOAD = RawJson.of("null");

    private EventCodec() {}

    /**
     * Reads the event object at the parser's current {@code START_OBJECT}; leaves it on {@code END_OBJECT}.
     * The payload is captured token by token (numbers keep their literal text, whitespace is dropped); use
     * {@link #read(JsonParser, RawTape)} to keep its exact bytes.
     */
    public static Event read(JsonParser p) throws IOException {
        return read(p, null);
    }

    /**
     * Reads the event object at the parser's current {@code START_OBJECT}, taking the payload's exact bytes
     * from {@code tape}, the stream the parser reads; leaves the parser on {@code END_OBJECT}.
     */
    public static Event read(JsonParser p, RawTape tape) throws IOException {
        expect(p, JsonToken.START_OBJECT, "event");
        String type = null;
        Integer version = null;
        Integer schemaVersion = null;
        String exseq = null;
        ActionMetadata action = null;
        Map<String, String> metadata = null;
        RawJson payload = null;
        String timestamp = null;
        Map<String, JsonNode> extra = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL && OPTIONAL_EVENT_FIELDS.contains(name)) {
                // An explicit null is kept as written: optional fields are otherwise left out when null.
                extra = put(extra, name, NullNode.getInstance());
                continue;
            }
            switch (name) {
                case "type" -> type = scalarText(p, "type");
                case "version" -> version = intValue(p, "version");
                case "schemaVersion" -> schemaVersion = intValue(p, "schemaVersion");
                case "exseq" -> exseq = scalarText(p, "exseq");
                case "action" -> action = readAction(p);
                case "metadata" -> {
                    JsonNode m = Json.readTree(p);
                    metadata = stringMap(m);
                    if (metadata == null) {
                        // Not the reference's string map (a number, an object...): kept as written.
                        extra = put(extra, "metadata", m);
                    }
                }
                case "payload" -> payload = tape == null ? RawJson.of(Json.captureValue(p)) : tape.value(p);
                case "timestamp" -> timestamp = scalarText(p, "timestamp");
                default -> extra = put(extra, name, Json.readTree(p));
            }
        }
        if (type == null || version == null) {
            throw new IOException("event at " + p.currentLocation().offsetDescription()
                    + " lacks " + (type == null ? "'type'" : "'version'"));
        }
        return new Event(type, version, schemaVersion, exseq, action, metadata, payload == null ? NULL_PAYLOAD : payload,
                timestamp, extra);
    }

    /**
     * The text of a member the reference writes as a string: any scalar is taken as its text (the
     * reference library's own reader does the same), an object or array is not an event.
     */
    private static String scalarText(JsonParser p, String field) throws IOException {
        if (p.currentToken().isStructStart()) {
            throw new IOException("event field '" + field + "' must be a string but is "
                    + (p.currentToken() == JsonToken.START_OBJECT ? "an object" : "an array") + " at "
                    + p.currentLocation().offsetDescription());
        }
        return p.getValueAsString();
    }

    /** Writes an event kept as its stored bytes (a {@link RawEvent}) unchanged. */
    public static void writeRaw(JsonGenerator g, RawEvent e) throws IOException {
        g.writeRawValue(new RawJsonString(e.json()));
    }

    public static void write(JsonGenerator g, Event e) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", e.eventType());
        g.writeNumberField("version", e.eventVersion());
        if (e.schemaVersion() != null) {
            g.writeNumberField("schemaVersion", e.schemaVersion());
        }
        if (e.externalSequencer() != null) {
            g.writeStringField("exseq", e.externalSequencer());
        }
        if (e.action() != null) {
            g.writeFieldName("action");
            writeAction(g, e.action());
        }
        if (e.metadata() != null) {
            g.writeObjectFieldStart("metadata");
            for (Map.Entry<String, String> m : e.metadata().entrySet()) {
                g.writeStringField(m.getKey(), m.getValue());
            }
            g.writeEndObject();
        }
        g.writeFieldName("payload");
        g.writeRawValue(new RawJsonString(e.payload()));
        if (e.timestamp() != null) {
            g.writeStringField("timestamp", e.timestamp());
        }
        writeExtra(g, e.extra());
        g.writeEndObject();
    }

    private static ActionMetadata readAction(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "action");
        String correlation = null;
        String causation = null;
        JsonNode user = null;
        String occurred = null;
        Map<String, JsonNode> extra = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                // The reference leaves null members out; one written as null is kept as written.
                extra = put(extra, name, NullNode.getInstance());
                continue;
            }
            switch (name) {
                case "correlationId" -> correlation = scalarText(p, "action.correlationId");
                case "causationId" -> causation = scalarText(p, "action.causationId");
                case "originatedFromUser" -> user = Json.readTree(p);
                case "eventOccuredAt" -> occurred = scalarText(p, "action.eventOccuredAt");
                default -> extra = put(extra, name, Json.readTree(p));
            }
        }
        return new ActionMetadata(correlation, causation, user, occurred, extra);
    }

    private static void writeAction(JsonGenerator g, ActionMetadata a) throws IOException {
        g.writeStartObject();
        if (a.correlationId() != null) {
            g.writeStringField("correlationId", a.correlationId());
        }
        if (a.causationId() != null) {
            g.writeStringField("causationId", a.causationId());
        }
        if (a.originatedFromUser() != null) {
            g.writeFieldName("originatedFromUser");
            Json.writeTree(g, a.originatedFromUser());
        }
        if (a.eventOccurredAt() != null) {
            g.writeStringField("eventOccuredAt", a.eventOccurredAt());
        }
        writeExtra(g, a.extra());
        g.writeEndObject();
    }

    private static Map<String, JsonNode> put(Map<String, JsonNode> extra, String name, JsonNode value) {
        Map<String, JsonNode> m = extra == null ? new LinkedHashMap<>() : extra;
        m.put(name, value);
        return m;
    }

    /** The metadata as a string map, or {@code null} if it is not an object of strings (and nulls). */
    private static Map<String, String> stringMap(JsonNode m) {
        if (!m.isObject()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isNull()) {
                map.put(f.getKey(), null);
            } else if (f.getValue().isTextual()) {
                map.put(f.getKey(), f.getValue().textValue());
            } else {
                return null;
            }
        }
        return map;
    }

    static void writeExtra(JsonGenerator g, Map<String, JsonNode> extra) throws IOException {
        for (Map.Entry<String, JsonNode> x : extra.entrySet()) {
            g.writeFieldName(x.getKey());
            Json.writeTree(g, x.getValue());
        }
    }

    private static int intValue(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException("event field '" + field + "' must be an integer at "
                    + p.currentLocation().offsetDescription());
        }
        return p.getIntValue();
    }

    static void expect(JsonParser p, JsonToken token, String what) throws IOException {
        if (p.currentToken() != token) {
            throw new IOException("expected " + token + " for " + what + " but found " + p.currentToken()
                    + " at " + p.currentLocation().offsetDescription());
        }
    }
}
