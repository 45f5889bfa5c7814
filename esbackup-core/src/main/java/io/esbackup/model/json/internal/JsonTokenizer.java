package io.esbackup.model.json.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * JSON's grammar over UTF-8 bytes, as {@link Json}'s parser accepts it: whitespace, strings with their escapes
 * and strict UTF-8, numbers, literals, objects and arrays with the nesting, number, name and string limits of
 * {@link Json#limits()}. The one place esbackup says what valid JSON is without Jackson's tokens; every
 * reader that walks JSON as bytes ({@link EventArrayScanner}, the events document's header scanner) reads
 * through one. The input and the bytes kept are {@link JsonInput}'s; the rules for strings are {@link JsonStrings}'.
 *
 * <p>Values are passed over, checked, never built: a reader that needs a value's text or bytes
 * {@linkplain #keep keeps} them and takes them from there. Besides the checked walk there is an unchecked one,
 * {@link #passOver}, which only matches strings and brackets, for the bytes a reader must get past but are
 * not its to judge (events past a backup's cut, the events array seen by the header's pass). Failures are
 * {@link IOException}s whose message ends with the byte offset.
 */
public final class JsonTokenizer extends JsonInput {
    /** Bytes that end an unchecked run inside a string ({@code "} and {@code \}), and inside a container. */
    private static final boolean[] STRING_STOP = new boolean[256];
    private static final boolean[] CONTAINER_STOP = new boolean[256];

    static {
        STRING_STOP['"'] = true;
        STRING_STOP['\\'] = true;
        for (char c : new char[] {'"', '{', '[', '}', ']'}) {
            CONTAINER_STOP[c] = true;
        }
    }

    private static final int MAX_DEPTH;
    private static final int MAX_NUMBER_LENGTH;
    private static final int MAX_NAME_LENGTH;
    private static final int MAX_STRING_LENGTH;

    static {
        StreamReadConstraints c = Json.limits();
        MAX_DEPTH = c.getMaxNestingDepth();
        MAX_NUMBER_LENGTH = c.getMaxNumberLength();
        MAX_NAME_LENGTH = c.getMaxNameLength();
        MAX_STRING_LENGTH = c.getMaxStringLength();
    }

    public JsonTokenizer(InputStream in) {
        super(in);
    }

    /**
     * The start of a document: skips a UTF-8 byte order mark (which Jackson skips too: some writers, on .NET say,
     * put one first) and whitespace; returns the first byte of the value, not consumed, or -1 for no value.
     */
    public int startDocument() throws IOException {
        if (peek() == 0xEF) {
            skip();
            if (next("a byte order mark") != 0xBB || next("a byte order mark") != 0xBF) {
                throw error("the input starts with a broken UTF-8 byte order mark");
            }
        }
        return skipWhitespace();
    }

    /** Skips whitespace before a value and returns its first byte, not consumed; the end of input is an error. */
    public int valueStart() throws IOException {
        int c = skipWhitespace();
        if (c < 0) {
            throw eof("a value");
        }
        return c;
    }

    /** Skips one JSON value whose first byte is {@code c}; {@code depth} is the containers open around it. */
    public void value(int c, int depth) throws IOException {
        switch (c) {
            case '"' -> string(false);
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw error("unexpected character " + describe(c) + ": expected a JSON value");
                }
            }
        }
    }

    private void object(int depth) throws IOException {
        checkDepth(depth);
        skip();
        int c = skipWhitespace();
        if (c == '}') {
            skip();
            return;
        }
        while (true) {
            name(c);
            colon();
            value(valueStart(), depth);
            c = skipWhitespace();
            if (c == ',') {
                skip();
                c = skipWhitespace();
            } else if (c == '}') {
                skip();
                return;
            } else {
                throw error("expected ',' or '}' in an object but found " + describe(c));
            }
        }
    }

    private void array(int depth) throws IOException {
        checkDepth(depth);
        skip();
        int c = skipWhitespace();
        if (c == ']') {
            skip();
            return;
        }
        while (true) {
            if (c < 0) {
                throw eof("an array");
            }
            value(c, depth);
            c = skipWhitespace();
            if (c == ',') {
                skip();
                c = skipWhitespace();
            } else if (c == ']') {
                skip();
                return;
            } else {
                throw error("expected ',' or ']' in an array but found " + describe(c));
            }
        }
    }

    /**
     * A member name at the current byte, checked as Jackson checks names (a string whose escaped surrogates
     * pair up, within the name length limit); returns whether it holds an escape. Its text lies between the
     * {@linkplain #position positions} before the call plus one and after it minus one, if it is
     * {@linkplain #keep kept}.
     */
    public boolean name() throws IOException {
        return name(peek());
    }

    /** {@link #name()}, its first byte {@code c} already peeked at. */
    private boolean name(int c) throws IOException {
        if (c != '"') {
            throw error("expected a member name but found " + describe(c));
        }
        if (mark < 0) {
            return unkeptName();
        }
        int start = pos - mark + 1;
        boolean escaped = string(true);
        int end = pos - mark - 1;
        if (end - start > MAX_NAME_LENGTH) {
            checkNameLength(start, end, escaped);
        }
        return escaped;
    }

    /** A name is counted in its bytes, so they are kept while it is read if no reader keeps them. */
    private boolean unkeptName() throws IOException {
        mark = pos;
        boolean escaped = name('"');
        mark = -1;
        return escaped;
    }

    /**
     * Jackson counts a name in UTF-8 bytes once its escapes are decoded; escapes never make a name longer, so
     * only a name that long as written is decoded to count.
     */
    private void checkNameLength(int start, int end, boolean escaped) throws IOException {
        if (!escaped || text(start, end, true).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_LENGTH) {
            throw error("the name is longer than " + MAX_NAME_LENGTH + " bytes");
        }
    }

    /** The {@code :} after a member name, whitespace around it skipped. */
    public void colon() throws IOException {
        int c = skipWhitespace();
        if (c != ':') {
            throw error("expected ':' after a member name but found " + describe(c));
        }
        skip();
    }

    /**
     * Skips a string at its opening quote, checking escapes, control characters and UTF-8 as Jackson does
     * (a {@code name} also as Jackson checks member names); returns whether it holds an escape.
     */
    public boolean string(boolean name) throws IOException {
        // The loop is here rather than in JsonStrings: as a method of the tokenizer it ran about 8 % faster than
        // as a static method over the input once the JIT had settled (median of several JVMs each).
        skip();
        boolean escaped = false;
        while (true) {
            byte[] b = buf;
            int p = pos;
            int lim = limit;
            while (p < lim && JsonStrings.STRING_CLASS[b[p] & 0xff] == JsonStrings.PLAIN) {
                p++;
            }
            pos = p;
            if (p >= lim) {
                if (!fill()) {
                    throw eof("a string");
                }
                continue;
            }
            switch (JsonStrings.STRING_CLASS[b[p] & 0xff]) {
                case JsonStrings.QUOTE -> {
                    pos = p + 1;
                    return escaped;
                }
                case JsonStrings.BACKSLASH -> {
                    escaped = true;
                    JsonStrings.escape(this, name);
                }
                case JsonStrings.CONTROL -> throw error("illegal unquoted character (code " + (b[p] & 0xff)
                        + "): has to be escaped in a string");
                case JsonStrings.UTF8_2, JsonStrings.UTF8_3, JsonStrings.UTF8_4 ->
                        JsonStrings.utf8Character(this, b[p] & 0xff);
                default -> throw error("invalid UTF-8 start byte 0x" + Integer.toHexString(b[p] & 0xff));
            }
        }
    }

    /**
     * Skips a number in JSON's grammar (no leading zeros, no '+', digits after '.' and after an exponent) within
     * the number length limit; returns whether it is an integer.
     */
    public boolean number() throws IOException {
        int c = peek();
        if (c == '-') {
            skip();
            c = peek();
        }
        if (c < '0' || c > '9') {
            throw error("expected a digit for a number but found " + describe(c));
        }
        int digits = digits();
        if (digits > 1 && c == '0') {
            throw error("invalid numeric value: leading zeroes not allowed");
        }
        int length = digits;
        boolean integral = true;
        c = peek();
        if (c == '.') {
            skip();
            int fraction = digits();
            if (fraction == 0) {
                throw error("decimal point not followed by a digit");
            }
            length += fraction;
            integral = false;
            c = peek();
        }
        if (c == 'e' || c == 'E') {
            skip();
            c = peek();
            if (c == '+' || c == '-') {
                skip();
            }
            int exponent = digits();
            if (exponent == 0) {
                throw error("exponent indicator not followed by a digit");
            }
            length += exponent;
            integral = false;
        }
        if (length > MAX_NUMBER_LENGTH) {
            throw error("number is longer than " + MAX_NUMBER_LENGTH + " digits");
        }
        return integral;
    }

    private int digits() throws IOException {
        int n = 0;
        while (true) {
            if (pos >= limit && !fill()) {
                return n;
            }
            byte c = buf[pos];
            if (c < '0' || c > '9') {
                return n;
            }
            pos++;
            n++;
        }
    }

    /**
     * The integer {@link #number} has just passed over from the kept position {@code from}, as an {@code int};
     * out of range is an error, as for Jackson's {@code getIntValue}.
     */
    public int intValue(int from) throws IOException {
        int i = mark + from;
        boolean negative = buf[i] == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        for (; i < pos && value <= 1L + Integer.MAX_VALUE; i++) {
            value = value * 10 + (buf[i] - '0');
        }
        value = negative ? -value : value;
        if (i < pos || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw error("Numeric value (" + new String(buf, mark + from, pos - mark - from, StandardCharsets.US_ASCII)
                    + ") out of range of int (" + Integer.MIN_VALUE + " - " + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    /** A literal; what follows it is checked by whoever reads on (only ',', a bracket or whitespace may). */
    public void literal(String word) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            int c = next("a literal");
            if (c != word.charAt(i)) {
                throw error("unrecognized token: expected '" + word + "'");
            }
        }
    }

    /** The nesting limit, for a reader that opens an object or array itself: {@code depth} counts it. */
    public void checkDepth(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw error("document nesting depth exceeds the maximum allowed (" + MAX_DEPTH + ")");
        }
    }

    /**
     * Jackson's limit on a string whose text it builds, in characters once escapes are decoded, for the kept
     * string between positions {@code from} and {@code to} (no quotes); a string is never longer in characters
     * than in bytes as written, so only one that long is decoded to count.
     */
    public void checkStringLength(int from, int to, boolean escaped) throws IOException {
        if (to - from > MAX_STRING_LENGTH && text(from, to, escaped).length() > MAX_STRING_LENGTH) {
            throw error("the string is longer than " + MAX_STRING_LENGTH + " characters");
        }
    }

    /** The text of the kept string between positions {@code from} and {@code to} (no quotes), escapes decoded. */
    public String text(int from, int to, boolean escaped) {
        return JsonStrings.text(this, from, to, escaped);
    }

    /**
     * Passes over the value whose first byte is {@code c} without checking it: a string to its closing quote, an
     * object or array to the bracket that closes it (matching only strings and brackets, of either kind), anything
     * else to the next byte that may follow a value. Returns false if the input ends first.
     */
    public boolean passOver(int c) throws IOException {
        if (c == '"') {
            skip();
            return passOverString();
        }
        if (c == '{' || c == '[') {
            skip();
            return passOverRest() >= 0;
        }
        while (c >= 0 && c != ',' && c != '}' && c != ']' && c != ' ' && c != '\t' && c != '\n' && c != '\r'
                && c != '"' && c != '{' && c != '[') {
            skip();
            c = peek();
        }
        return true;
    }

    /**
     * Inside an object or array, passes over the rest of it unchecked, as {@link #passOver} does; returns the
     * bracket that closes it, consumed, or -1 if the input ends first.
     */
    // passOverRest and passOverString each keep their own copy of the scanning loop: sharing one method
    // (a skipTo(table) returning the stop byte) made the walk about 50 % slower once the JIT had settled.
    public int passOverRest() throws IOException {
        int depth = 1;
        while (true) {
            byte[] b = buf;
            int p = pos;
            int lim = limit;
            boolean[] stop = CONTAINER_STOP;
            while (p < lim && !stop[b[p] & 0xff]) {
                p++;
            }
            pos = p;
            if (p == lim) {
                if (!fill()) {
                    return -1;
                }
                continue;
            }
            int c = b[p];
            pos = p + 1;
            if (c == '"') {
                if (!passOverString()) {
                    return -1;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (--depth == 0) {
                return c;
            }
        }
    }

    /** After a string's opening quote: to its closing one, a backslash passing over the byte after it. */
    private boolean passOverString() throws IOException {
        while (true) {
            byte[] b = buf;
            int p = pos;
            int lim = limit;
            boolean[] stop = STRING_STOP;
            while (p < lim && !stop[b[p] & 0xff]) {
                p++;
            }
            pos = p;
            if (p == lim) {
                if (!fill()) {
                    return false;
                }
                continue;
            }
            pos = p + 1;
            if (b[p] == '"') {
                return true;
            }
            if (pos >= limit && !fill()) {
                return false;
            }
            pos++;
        }
    }
}
