package io.esbackup.store.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the top-level properties of an events document other than {@code events}, wherever they stand.
 *
 * <p>A header property may follow the events, so the whole document is read; the events array, nearly all
 * of it, is passed over byte by byte (strings and nesting only), several times faster than tokenizing it.
 * The header values themselves, and every member name, are parsed by Jackson from their bytes. Whether
 * the events are valid JSON is left to the pass that reads them.
 */
final class HeaderScanner {
    private static final int BUFFER = 16 * 1024;
    /** Bytes that end a run inside a string ({@code "} and {@code \}) and inside a container (those and brackets). */
    private static final boolean[] STRING_STOP = new boolean[256];
    private static final boolean[] CONTAINER_STOP = new boolean[256];

    static {
        STRING_STOP['"'] = true;
        STRING_STOP['\\'] = true;
        for (char c : new char[] {'"', '{', '[', '}', ']'}) {
            CONTAINER_STOP[c] = true;
        }
    }

    private final InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int len;
    private long offset;
    private ByteArrayOutputStream capture;

    private HeaderScanner(InputStream in) {
        this.in = in;
    }

    /** The properties of the document in {@code in} other than {@code events}, in document order. */
    static Map<String, JsonNode> scan(InputStream in) throws IOException {
        return new HeaderScanner(in).document();
    }

    private Map<String, JsonNode> document() throws IOException {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        int start = next();
        if (start == 0xEF) {
            // A UTF-8 byte order mark, which Jackson skips too: some writers (on .NET, say) put one first.
            if (next() != 0xBB || next() != 0xBF) {
                throw error("not a JSON object");
            }
            start = next();
        }
        while (start == ' ' || start == '\t' || start == '\n' || start == '\r') {
            start = next();
        }
        if (start != '{') {
            throw error("not a JSON object");
        }
        int c = nonSpace();
        if (c == '}') {
            return fields;
        }
        while (true) {
            if (c != '"') {
                throw error("expected a member name");
            }
            String name = parse(captured(this::skipStringBody, '"')).asText();
            if (nonSpace() != ':') {
                throw error("expected ':' after member " + name);
            }
            int first = nonSpace();
            if (name.equals("events")) {
                skipValue(first);
            } else {
                fields.put(name, parse(captured(() -> skipValue(first), first)));
            }
            c = nonSpace();
            if (c == '}') {
                return fields;
            }
            if (c != ',') {
                throw error("expected ',' or '}' after member " + name);
            }
            c = nonSpace();
        }
    }

    private interface Skip {
        void run() throws IOException;
    }

    /** The bytes of a value whose first byte, {@code first}, was already read, as {@code skip} passes it. */
    private byte[] captured(Skip skip, int first) throws IOException {
        capture = new ByteArrayOutputStream();
        capture.write(first);
        try {
            skip.run();
            return capture.toByteArray();
        } finally {
            capture = null;
        }
    }

    private static JsonNode parse(byte[] json) throws IOException {
        try (JsonParser p = Json.parser(new java.io.ByteArrayInputStream(json))) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("empty value");
            }
            JsonNode value = Json.readTree(p);
            if (p.nextToken() != null) {
                throw new IOException("a header value is followed by " + p.currentToken() + " where ',' or '}' must be");
            }
            return value;
        }
    }

    /** Passes over the value whose first byte is {@code first}. */
    private void skipValue(int first) throws IOException {
        switch (first) {
            case '"' -> skipStringBody();
            case '{', '[' -> skipContainer();
            default -> skipScalar();
        }
    }

    // skipStringBody and skipContainer each keep their own copy of the scanning loop: sharing one method
    // (a skipTo(table) returning the stop byte) made the walk about 50 % slower once the JIT had settled.
    private void skipStringBody() throws IOException {
        while (true) {
            if (pos == len) {
                fill();
            }
            int start = pos;
            byte[] b = buf;
            int end = len;
            int i = start;
            boolean[] stop = STRING_STOP;
            while (i < end && !stop[b[i] & 0xff]) {
                i++;
            }
            consume(start, i);
            if (i == end) {
                continue;
            }
            if (b[i] == '"') {
                consume(i, i + 1);
                return;
            }
            consume(i, i + 1);
            next();
        }
    }

    private void skipContainer() throws IOException {
        int depth = 1;
        while (depth > 0) {
            if (pos == len) {
                fill();
            }
            int start = pos;
            byte[] b = buf;
            int end = len;
            int i = start;
            boolean[] stop = CONTAINER_STOP;
            while (i < end && !stop[b[i] & 0xff]) {
                i++;
            }
            consume(start, i);
            if (i == end) {
                continue;
            }
            int c = b[i];
            consume(i, i + 1);
            switch (c) {
                case '"' -> skipStringBody();
                case '{', '[' -> depth++;
                default -> depth--;
            }
        }
    }

    private void skipScalar() throws IOException {
        while (true) {
            if (pos == len && !tryFill()) {
                return;
            }
            int c = buf[pos];
            // A scalar ends where a separator, a bracket or a string begins; what follows is checked by the caller.
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"'
                    || c == '{' || c == '[') {
                return;
            }
            consume(pos, pos + 1);
        }
    }

    private int nonSpace() throws IOException {
        while (true) {
            int c = next();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
        }
    }

    private int next() throws IOException {
        if (pos == len) {
            fill();
        }
        int c = buf[pos] & 0xff;
        consume(pos, pos + 1);
        return c;
    }

    /** Moves past {@code buf[from..to)}, which starts at {@code pos}, keeping it if a value is captured. */
    private void consume(int from, int to) {
        if (capture != null) {
            capture.write(buf, from, to - from);
        }
        offset += to - from;
        pos = to;
    }

    private void fill() throws IOException {
        if (!tryFill()) {
            throw new EOFException("events document ends early, at byte " + offset);
        }
    }

    private boolean tryFill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        len = n;
        return true;
    }

    private IOException error(String what) {
        return new IOException("events document is " + what + " (at byte " + offset + ")");
    }
}
