package io.esbackup.model.json.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.esbackup.model.RawEvent;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.json.RawTape;
import java.io.IOException;

/**
 * The reference {@link EventArrayScanner} is held to: an event read from Jackson's tokens, checked as
 * {@link EventCodec#read} checks it (Jackson parses every token, so the bytes are valid JSON as {@code Json}'s
 * parser reads it) and cut out of the {@link RawTape} as its exact bytes. This was how stored events were read
 * as bytes before the scanner ({@code EventCodec.readRaw}); {@code EventCodecRawTest} holds it to
 * {@link EventCodec#read}.
 */
public final class JacksonRawEvents {
    private JacksonRawEvents() {}

    /** The event object at the parser's current {@code START_OBJECT}; leaves the parser on its {@code END_OBJECT}. */
    public static RawEvent read(JsonParser p, RawTape tape) throws IOException {
        expect(p, JsonToken.START_OBJECT, "event");
        long from = p.currentTokenLocation().getByteOffset();
        tape.pin(from);
        try {
            String type = null;
            Integer version = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "type" -> type = t == JsonToken.VALUE_NULL ? null : scalarText(p, "type");
                    case "exseq" -> scalarText(p, "exseq");
                    case "timestamp" -> scalarText(p, "timestamp");
                    case "version" -> version = intValue(p, "version");
                    case "schemaVersion" -> {
                        if (t != JsonToken.VALUE_NULL) {
                            intValue(p, "schemaVersion");
                        }
                    }
                    case "action" -> {
                        if (t != JsonToken.VALUE_NULL) {
                            checkAction(p);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (type == null || version == null) {
                throw new IOException("event lacks " + (type == null ? "'type'" : "'version'"));
            }
            return new RawEvent(type, version, tape.json(from, p.currentLocation().getByteOffset()));
        } finally {
            tape.unpin();
        }
    }

    private static void checkAction(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT, "action");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "correlationId", "causationId", "eventOccuredAt" -> scalarText(p, "action." + name);
                default -> p.skipChildren();
            }
        }
    }

    private static String scalarText(JsonParser p, String field) throws IOException {
        if (p.currentToken().isStructStart()) {
            throw new IOException("event field '" + field + "' must be a string");
        }
        return p.getValueAsString();
    }

    private static int intValue(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException("event field '" + field + "' must be an integer");
        }
        return p.getIntValue();
    }

    private static void expect(JsonParser p, JsonToken token, String what) throws IOException {
        if (p.currentToken() != token) {
            throw new IOException("expected " + token + " for " + what + " but found " + p.currentToken());
        }
    }
}
