package io.esbackup.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration of esbackup. Numbers read into trees keep their exact decimal value
 * and scale ({@code 10.50} stays {@code 10.50}) and are written in BigDecimal's own notation, so
 * {@code 1e5} comes back as the same value rather than as the integer {@code 100000}. Event payloads
 * are kept byte for byte ({@link RawTape}); other raw values (snapshot data) are copied token by
 * token with {@link #copyValue}, so number literals keep their exact text.
 */
public final class Json {
    /** Shared, thread-safe mapper; parsers it creates can read trees ({@code readValueAsTree}). */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(256 * 1024 * 1024)
                            .maxNumberLength(10_000)
                            .build())
                    .build())
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .build();

    private Json() {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /**
     * The value at the parser's current token as a tree, equal to what {@code readValueAsTree} gives with
     * {@link #MAPPER}'s settings (integers as BigInteger nodes, other numbers as exact decimals, a repeated
     * member's last value) but built straight from the tokens: {@code readValueAsTree} sets up a
     * deserialization context on every call, which dominated reading small values such as an event's
     * metadata. Leaves the parser on the value's last token.
     */
    public static JsonNode readTree(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new IOException("expected a JSON value but the input ended");
        }
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, readTree(p));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(readTree(p));
                }
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> NODES.numberNode(p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("expected a JSON value but found " + t);
        };
    }

    public static JsonParser parser(InputStream in) throws IOException {
        return MAPPER.createParser(in);
    }

    public static JsonParser parser(String text) throws IOException {
        return MAPPER.createParser(text);
    }

    public static JsonGenerator generator(OutputStream out) throws IOException {
        return MAPPER.createGenerator(out);
    }

    /**
     * Copies the value at the parser's current token (scalar, object or array) to {@code gen}, writing
     * numbers with their literal text. Leaves the parser on the value's last token.
     */
    public static void copyValue(JsonParser p, JsonGenerator gen) throws IOException {
        int depth = 0;
        do {
            switch (p.currentToken()) {
                case START_OBJECT -> { gen.writeStartObject(); depth++; }
                case END_OBJECT -> { gen.writeEndObject(); depth--; }
                case START_ARRAY -> { gen.writeStartArray(); depth++; }
                case END_ARRAY -> { gen.writeEndArray(); depth--; }
                case FIELD_NAME -> gen.writeFieldName(p.currentName());
                case VALUE_STRING -> gen.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> gen.writeNumber(p.getText());
                case VALUE_TRUE -> gen.writeBoolean(true);
                case VALUE_FALSE -> gen.writeBoolean(false);
                case VALUE_NULL -> gen.writeNull();
                default -> throw new IOException("Unexpected JSON token " + p.currentToken());
            }
            if (depth > 0) {
                if (p.nextToken() == null) {
                    throw new IOException("JSON ends inside a value");
                }
            }
        } while (depth > 0);
    }

    /** The value at the parser's current token as compact JSON text, numbers as written. */
    public static String captureValue(JsonParser p) throws IOException {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator gen = MAPPER.createGenerator(out)) {
            copyValue(p, gen);
        }
        return out.toString();
    }

    /** Compact JSON text of {@code text}, numbers as written; throws if it is not one JSON value. */
    public static String normalize(String text) {
        try (JsonParser p = parser(text)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException("not JSON: empty text");
            }
            String value = captureValue(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("not JSON: more than one value");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * A one-line description of a read failure: Jackson's own message without the source location it
     * appends on a second line.
     */
    public static String describe(Throwable e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    public static JsonNode tree(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
