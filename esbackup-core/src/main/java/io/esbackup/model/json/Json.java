package io.esbackup.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The one Jackson configuration of esbackup. Numbers read into trees keep their exact decimal value
 * and scale ({@code 10.50} stays {@code 10.50}) and are written in BigDecimal's own notation, so
 * {@code 1e5} comes back as the same value rather than as the integer {@code 100000}. Event payloads
 * are kept byte for byte ({@link RawTape}); other raw values (snapshot data) are copied token by
 * token with {@link #copyValue}, so number literals keep their exact text.
 *
 * <p>esbackup reads and writes with jackson-core's parsers and generators and builds its trees itself
 * ({@link #readTree(JsonParser)}, {@link #writeTree}): a databind {@code ObjectMapper} takes 0.1 to 0.3 s to
 * build in a new JVM, a cost every command paid before its first byte. {@link #mapper()}, configured
 * alike, is built only for callers that want one (the command line's output, tests).
 */
public final class Json {
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxStringLength(256 * 1024 * 1024)
            .maxNumberLength(10_000)
            .build();
    private static final JsonFactory FACTORY = factory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private Json() {}

    private static JsonFactory factory() {
        return JsonFactory.builder()
                .streamReadConstraints(LIMITS)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
    }

    /** The limits every parser of esbackup reads under (nesting, number and string lengths). */
    public static StreamReadConstraints limits() {
        return LIMITS;
    }

    /**
     * A databind mapper with this configuration (its trees and writing equal {@link #readTree(JsonParser)} and
     * {@link #writeTree}); built on first use.
     */
    public static ObjectMapper mapper() {
        return MapperHolder.MAPPER;
    }

    private static final class MapperHolder {
        // Its own factory: a mapper makes itself the codec of the factory it is given.
        static final ObjectMapper MAPPER = JsonMapper.builder(factory())
                .nodeFactory(NODES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    /** The node factory of esbackup's trees (exact decimals). */
    public static JsonNodeFactory nodes() {
        return NODES;
    }

    public static ObjectNode objectNode() {
        return NODES.objectNode();
    }

    /**
     * The value at the parser's current token as a tree, equal to what {@code readValueAsTree} gives with
     * {@link #mapper()}'s settings (integers as BigInteger nodes, other numbers as exact decimals, a repeated
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

    /** A parser without a codec: trees are read with {@link #readTree(JsonParser)}. */
    public static JsonParser parser(InputStream in) throws IOException {
        return FACTORY.createParser(in);
    }

    public static JsonParser parser(String text) throws IOException {
        return FACTORY.createParser(text);
    }

    public static JsonParser parser(byte[] bytes) throws IOException {
        return FACTORY.createParser(bytes);
    }

    /** A generator without a codec: trees are written with {@link #writeTree}. */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /**
     * Writes a tree as {@link #mapper()} writes it: numbers in their node's own type (BigDecimal in its
     * own notation), binary as base64, members in order.
     */
    public static void writeTree(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    g.writeFieldName(f.getKey());
                    writeTree(g, f.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    writeTree(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    default -> g.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            case BINARY -> g.writeBinary(node.binaryValue());
            default -> throw new IOException("cannot write a " + node.getNodeType() + " node as JSON");
        }
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
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
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

    /** The one JSON value in {@code bytes} as a tree; anything but whitespace after it is an error. */
    public static JsonNode readTree(byte[] bytes) throws IOException {
        try (JsonParser p = parser(bytes)) {
            if (p.nextToken() == null) {
                throw new IOException("no JSON value: the input is empty");
            }
            JsonNode value = readTree(p);
            if (p.nextToken() != null) {
                throw new IOException("content after the JSON value: " + p.currentToken());
            }
            return value;
        }
    }

    /** As {@link #readTree(byte[])}, failing unchecked. */
    public static JsonNode tree(byte[] bytes) {
        try {
            return readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code value}'s bytes as they are, as the next value of {@code g}. */
    public static void writeRaw(JsonGenerator g, io.esbackup.model.RawJson value) throws IOException {
        g.writeRawValue(new RawJsonString(value));
    }

    /** Compact JSON text of a tree, as {@code JsonNode.toString()} gives it but without building a mapper. */
    public static String text(JsonNode node) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeTree(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = generator(out)) {
            writeTree(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
