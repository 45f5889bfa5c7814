package io.esbackup.model.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import io.esbackup.internal.PrefixedInputStream;
import io.esbackup.model.RawEvent;
import io.esbackup.model.RawJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a JSON array of events straight from its UTF-8 bytes, one event at a time, as the {@link RawEvent}s
 * {@link EventCodec#readRaw} gives: every byte of an event is checked to be JSON as {@link Json}'s parser
 * accepts it (the same grammar, UTF-8 and escape checks, nesting, number and name limits), the members
 * {@code readRaw} reads are checked alike, and the event is kept as its exact bytes.
 *
 * <p>Why not Jackson: copying a long stream is mostly tokenizing, and a parser that hands out tokens
 * canonicalizes every member name and builds every token; this only needs each event's bounds and a few
 * members, so it walks bytes: on the bench's 400 MB stream 0.46 s against 0.72 s for Jackson and
 * {@code readRaw} once warm, 0.78 s against 1.34 s in a new JVM. Memory is the read buffer plus the largest
 * single event.
 */
public final class EventArrayScanner {
    private static final int BUFFER = 64 * 1024;
    private static final int SHRINK_ABOVE = 16 * BUFFER;

    // Byte classes inside a string; 0 is a byte that needs no attention.
    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte BACKSLASH = 2;
    private static final byte CONTROL = 3;
    private static final byte UTF8_2 = 4;
    private static final byte UTF8_3 = 5;
    private static final byte UTF8_4 = 6;
    private static final byte INVALID = 7;
    private static final byte[] STRING_CLASS = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            byte k;
            if (c < 0x20) {
                k = CONTROL;
            } else if (c == '"') {
                k = QUOTE;
            } else if (c == '\\') {
                k = BACKSLASH;
            } else if (c < 0x80) {
                k = PLAIN;
            } else if (c < 0xC2) {
                k = INVALID; // a continuation byte, or the start of an overlong 2-byte form
            } else if (c < 0xE0) {
                k = UTF8_2;
            } else if (c < 0xF0) {
                k = UTF8_3;
            } else if (c < 0xF5) {
                k = UTF8_4;
            } else {
                k = INVALID; // beyond U+10FFFF
            }
            STRING_CLASS[c] = k;
        }
    }

    // The event members readRaw looks at.
    private static final int OTHER = 0;
    private static final int TYPE = 1;
    private static final int VERSION = 2;
    private static final int SCHEMA_VERSION = 3;
    private static final int EXSEQ = 4;
    private static final int TIMESTAMP = 5;
    private static final int ACTION = 6;
    private static final Names EVENT_NAMES = new Names("type", "version", "schemaVersion", "exseq", "timestamp",
            "action");
    private static final Names ACTION_NAMES = new Names("correlationId", "causationId", "eventOccuredAt");
    private static final int TYPE_CACHE = 16;

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

    private final InputStream in;
    private final int outerDepth;
    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    /** The stream offset of {@code buf[0]}, for messages. */
    private long base;
    /** Where the event being read starts; a refill keeps every byte from here on. -1 between events. */
    private int mark = -1;
    private boolean started;
    private boolean ended;
    private boolean eof;
    // Recent event types by their bytes: a stream repeats a few types, so most events need no new String.
    private final byte[][] typeBytes = new byte[TYPE_CACHE][];
    private final String[] types = new String[TYPE_CACHE];

    /**
     * @param in         the bytes right after the array's {@code [}
     * @param outerDepth how many objects and arrays are open around the events, the array included (for the
     *                   nesting limit): 2 for an array that is a member of the document
     */
    public EventArrayScanner(InputStream in, int outerDepth) {
        this.in = in;
        this.outerDepth = outerDepth;
    }

    /** The next event, or {@code null} once the array's {@code ]} is read. */
    public RawEvent next() throws IOException {
        if (ended) {
            return null;
        }
        if (buf.length > SHRINK_ABOVE && limit - pos <= BUFFER) {
            shrink();
        }
        int c = skipWhitespace();
        if (!started) {
            started = true;
        } else if (c == ',') {
            pos++;
            c = skipWhitespace();
            if (c != '{') {
                throw error("expected an event object after ',' but found " + describe(c));
            }
        } else if (c != ']') {
            throw error("expected ',' or ']' after an event but found " + describe(c));
        }
        if (c == ']') {
            pos++;
            ended = true;
            return null;
        }
        if (c != '{') {
            throw error("expected an event object but found " + describe(c));
        }
        return readEvent();
    }

    /**
     * Passes over the rest of the array without checking its events, up to and past its {@code ]}, matching only
     * strings and brackets; then {@link #remainder} may be read. For a reader that stops before the end of the
     * array but must know what follows it: the events it passes over are not its to judge.
     */
    public void skipRest() throws IOException {
        int depth = 0;
        boolean inString = false;
        while (!ended) {
            if (pos >= limit && !fill()) {
                throw error("the events array ends early");
            }
            byte c = buf[pos++];
            if (inString) {
                if (c == '\\') {
                    if (pos >= limit && !fill()) {
                        throw error("the events array ends early");
                    }
                    pos++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0 && c == ']') {
                    ended = true;
                } else if (depth == 0) {
                    throw error("the events array is closed by '}'");
                } else {
                    depth--;
                }
            }
        }
    }

    /** The read buffer's size, for tests: memory is this plus the event being read. */
    int bufferSize() {
        return buf.length;
    }

    /** After {@link #next} returned {@code null}: the bytes after the array's {@code ]}, for a parser to go on. */
    public InputStream remainder() {
        if (!ended) {
            throw new IllegalStateException("the events array is not read to its end");
        }
        return new PrefixedInputStream(buf, pos, limit, in);
    }

    private RawEvent readEvent() throws IOException {
        mark = pos;
        checkDepth(outerDepth + 1);
        pos++;
        String type = null;
        int version = 0;
        boolean hasVersion = false;
        int c = skipWhitespace();
        if (c != '}') {
            while (true) {
                int member = memberName(EVENT_NAMES);
                c = valueStart();
                switch (member) {
                    case TYPE -> type = c == 'n' ? skipNull() : scalarText("type", c);
                    case VERSION -> {
                        version = intValue("version", c);
                        hasVersion = true;
                    }
                    case SCHEMA_VERSION -> {
                        if (c == 'n') {
                            skipNull();
                        } else {
                            intValue("schemaVersion", c);
                        }
                    }
                    case EXSEQ -> scalar("exseq", c);
                    case TIMESTAMP -> scalar("timestamp", c);
                    case ACTION -> {
                        if (c == 'n') {
                            skipNull();
                        } else {
                            checkAction(c);
                        }
                    }
                    default -> skipValue(c, outerDepth + 1);
                }
                c = skipWhitespace();
                if (c == ',') {
                    pos++;
                    skipWhitespace();
                } else if (c == '}') {
                    break;
                } else {
                    throw error("expected ',' or '}' in an event but found " + describe(c));
                }
            }
        }
        pos++;
        if (type == null || !hasVersion) {
            throw error("event lacks " + (type == null ? "'type'" : "'version'"));
        }
        RawJson json = RawJson.ofUtf8(buf, mark, pos - mark);
        mark = -1;
        return new RawEvent(type, version, json);
    }

    /** Checks the action object as {@code readRaw} does: its three ids are scalars, the rest any JSON. */
    private void checkAction(int c) throws IOException {
        if (c != '{') {
            throw error("expected START_OBJECT for action but found " + describe(c));
        }
        int depth = outerDepth + 2;
        checkDepth(depth);
        pos++;
        c = skipWhitespace();
        if (c == '}') {
            pos++;
            return;
        }
        while (true) {
            int member = memberName(ACTION_NAMES);
            c = valueStart();
            switch (member) {
                case 1 -> scalar("action.correlationId", c);
                case 2 -> scalar("action.causationId", c);
                case 3 -> scalar("action.eventOccuredAt", c);
                default -> skipValue(c, depth);
            }
            c = skipWhitespace();
            if (c == ',') {
                pos++;
                skipWhitespace();
            } else if (c == '}') {
                pos++;
                return;
            } else {
                throw error("expected ',' or '}' in action but found " + describe(c));
            }
        }
    }

    /** Reads a member name and its colon; returns its index in {@code names}, 0 for any other name. */
    private int memberName(Names names) throws IOException {
        if (peek() != '"') {
            throw error("expected a member name but found " + describe(peek()));
        }
        int start = pos + 1 - mark;
        boolean escaped = skipString(true);
        int end = pos - 1 - mark;
        checkNameLength(start, end, escaped);
        int member = escaped ? names.find(decode(mark + start, mark + end))
                : names.find(buf, mark + start, end - start);
        int c = skipWhitespace();
        if (c != ':') {
            throw error("expected ':' after a member name but found " + describe(c));
        }
        pos++;
        return member;
    }

    /** Skips whitespace after a colon and returns the value's first byte. */
    private int valueStart() throws IOException {
        int c = skipWhitespace();
        if (c < 0) {
            throw eof("a value");
        }
        return c;
    }

    /** A member {@code readRaw} reads as text: any scalar, not an object or array. */
    private void scalar(String field, int c) throws IOException {
        if (c == '{' || c == '[') {
            throw notScalar(field, c);
        }
        if (c == '"') {
            // readRaw takes its text, so Jackson's string limit applies to it as to the type.
            int start = pos + 1 - mark;
            boolean escaped = skipString(false);
            checkStringLength(start, pos - 1 - mark, escaped);
        } else {
            skipValue(c, 0);
        }
    }

    private IOException notScalar(String field, int c) {
        return error("event field '" + field + "' must be a string but is " + (c == '{' ? "an object" : "an array"));
    }

    /** The text of a scalar as Jackson's {@code getValueAsString} gives it: a string decoded, others as written. */
    private String scalarText(String field, int c) throws IOException {
        if (c == '{' || c == '[') {
            throw notScalar(field, c);
        }
        int start = pos - mark;
        if (c == '"') {
            boolean escaped = skipString(false);
            checkStringLength(start + 1, pos - 1 - mark, escaped);
            int from = mark + start + 1;
            int to = pos - 1;
            if (escaped) {
                return decode(from, to);
            }
            return type(from, to - from);
        }
        skipValue(c, 0);
        return type(mark + start, pos - mark - start);
    }

    private String type(int from, int length) {
        int h = length;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + buf[i];
        }
        int slot = (h ^ (h >>> 8)) & (TYPE_CACHE - 1);
        byte[] known = typeBytes[slot];
        if (known == null || !sameBytes(known, buf, from, length)) {
            known = Arrays.copyOfRange(buf, from, from + length);
            typeBytes[slot] = known;
            types[slot] = new String(known, StandardCharsets.UTF_8);
        }
        return types[slot];
    }

    /** Whether {@code b[from..from + length)} holds exactly {@code expected}; short names and types only. */
    private static boolean sameBytes(byte[] expected, byte[] b, int from, int length) {
        if (expected.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (expected[i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    private int intValue(String field, int c) throws IOException {
        if (c != '-' && (c < '0' || c > '9')) {
            throw error("event field '" + field + "' must be an integer");
        }
        int start = pos - mark;
        if (!skipNumber()) {
            throw error("event field '" + field + "' must be an integer");
        }
        int i = mark + start;
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
            throw error("Numeric value (" + new String(buf, mark + start, pos - mark - start, StandardCharsets.US_ASCII)
                    + ") out of range of int (" + Integer.MIN_VALUE + " - " + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    private String skipNull() throws IOException {
        literal("null");
        return null;
    }

    /** Skips one JSON value whose first byte is {@code c}; {@code depth} is the containers open around it. */
    private void skipValue(int c, int depth) throws IOException {
        switch (c) {
            case '"' -> skipString(false);
            case '{' -> skipObject(depth + 1);
            case '[' -> skipArray(depth + 1);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    skipNumber();
                } else {
                    throw error("unexpected character " + describe(c) + ": expected a JSON value");
                }
            }
        }
    }

    private void skipObject(int depth) throws IOException {
        checkDepth(depth);
        pos++;
        int c = skipWhitespace();
        if (c == '}') {
            pos++;
            return;
        }
        while (true) {
            if (c != '"') {
                throw error("expected a member name but found " + describe(c));
            }
            int start = pos + 1 - mark;
            boolean escaped = skipString(true);
            checkNameLength(start, pos - 1 - mark, escaped);
            c = skipWhitespace();
            if (c != ':') {
                throw error("expected ':' after a member name but found " + describe(c));
            }
            pos++;
            skipValue(valueStart(), depth);
            c = skipWhitespace();
            if (c == ',') {
                pos++;
                c = skipWhitespace();
            } else if (c == '}') {
                pos++;
                return;
            } else {
                throw error("expected ',' or '}' in an object but found " + describe(c));
            }
        }
    }

    private void skipArray(int depth) throws IOException {
        checkDepth(depth);
        pos++;
        int c = skipWhitespace();
        if (c == ']') {
            pos++;
            return;
        }
        while (true) {
            if (c < 0) {
                throw eof("an array");
            }
            skipValue(c, depth);
            c = skipWhitespace();
            if (c == ',') {
                pos++;
                c = skipWhitespace();
            } else if (c == ']') {
                pos++;
                return;
            } else {
                throw error("expected ',' or ']' in an array but found " + describe(c));
            }
        }
    }

    /**
     * Skips a string at its opening quote, checking escapes, control characters and UTF-8 as Jackson does;
     * returns whether it holds an escape.
     */
    private boolean skipString(boolean name) throws IOException {
        pos++;
        boolean escaped = false;
        while (true) {
            byte[] b = buf;
            int p = pos;
            int lim = limit;
            while (p < lim && STRING_CLASS[b[p] & 0xff] == PLAIN) {
                p++;
            }
            pos = p;
            if (p >= lim) {
                if (!fill()) {
                    throw eof("a string");
                }
                continue;
            }
            switch (STRING_CLASS[b[p] & 0xff]) {
                case QUOTE -> {
                    pos = p + 1;
                    return escaped;
                }
                case BACKSLASH -> {
                    escaped = true;
                    skipEscape(name);
                }
                case CONTROL -> throw error("illegal unquoted character (code " + (b[p] & 0xff)
                        + "): has to be escaped in a string");
                case UTF8_2, UTF8_3, UTF8_4 -> utf8Character(b[p] & 0xff);
                default -> throw error("invalid UTF-8 start byte 0x" + Integer.toHexString(b[p] & 0xff));
            }
        }
    }

    private void skipEscape(boolean name) throws IOException {
        pos++;
        int c = next("an escape");
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
            }
            case 'u' -> {
                int unit = hex4();
                // Jackson encodes member names as UTF-8, so an escaped surrogate there must be half of a pair.
                if (name && unit >= 0xD800 && unit <= 0xDBFF) {
                    if (next("an escape") != '\\' || next("an escape") != 'u') {
                        throw error("broken surrogate pair in a member name");
                    }
                    int low = hex4();
                    if (low < 0xDC00 || low > 0xDFFF) {
                        throw error("broken surrogate pair in a member name: expected a low surrogate");
                    }
                } else if (name && unit >= 0xDC00 && unit <= 0xDFFF) {
                    throw error("unexpected low surrogate in a member name");
                }
            }
            default -> throw error("unrecognized character escape " + describe(c));
        }
    }

    private int hex4() throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int h = next("an escape");
            int digit = Character.digit(h, 16);
            if (digit < 0) {
                throw error("unexpected character " + describe(h) + " in a \\u escape: expected a hex digit");
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /**
     * Passes over one multi-byte UTF-8 character whose lead byte is at {@code pos}, checked as strictly as
     * Jackson checks it (RFC 3629): no overlong forms, no surrogates, nothing beyond U+10FFFF.
     */
    private void utf8Character(int lead) throws IOException {
        pos++;
        int count = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
        // The second byte's range is narrower after the leads that could otherwise encode an invalid code point.
        int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
        int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
        for (int i = 0; i < count; i++) {
            int c = next("a UTF-8 character");
            if (c < low || c > high) {
                throw error("invalid UTF-8: byte 0x" + Integer.toHexString(c) + " after lead byte 0x"
                        + Integer.toHexString(lead));
            }
            low = 0x80;
            high = 0xBF;
        }
    }

    /** The byte at {@code pos}, consumed; end of input is an error. */
    private int next(String inside) throws IOException {
        if (pos >= limit && !fill()) {
            throw eof(inside);
        }
        return buf[pos++] & 0xff;
    }

    /**
     * Skips a number in JSON's grammar (no leading zeros, no '+', digits after '.' and after an exponent);
     * returns whether it is an integer.
     */
    private boolean skipNumber() throws IOException {
        int c = peek();
        if (c == '-') {
            pos++;
            c = peek();
        }
        if (c < '0' || c > '9') {
            throw error("expected a digit for a number but found " + describe(c));
        }
        int digits = digits();
        if (digits > 1 && buf[pos - digits] == '0') {
            throw error("invalid numeric value: leading zeroes not allowed");
        }
        int length = digits;
        boolean integral = true;
        c = peek();
        if (c == '.') {
            pos++;
            int fraction = digits();
            if (fraction == 0) {
                throw error("decimal point not followed by a digit");
            }
            length += fraction;
            integral = false;
            c = peek();
        }
        if (c == 'e' || c == 'E') {
            pos++;
            c = peek();
            if (c == '+' || c == '-') {
                pos++;
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

    /** A literal; what follows it is checked by whoever reads on (only ',', a bracket or whitespace may). */
    private void literal(String word) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            int c = next("a literal");
            if (c != word.charAt(i)) {
                throw error("unrecognized token: expected '" + word + "'");
            }
        }
    }

    /** Skips JSON whitespace; returns the next byte, not consumed, or -1 at the end of the input. */
    private int skipWhitespace() throws IOException {
        while (true) {
            if (pos >= limit && !fill()) {
                return -1;
            }
            byte c = buf[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c & 0xff;
            }
            pos++;
        }
    }

    private int peek() throws IOException {
        if (pos >= limit && !fill()) {
            return -1;
        }
        return buf[pos] & 0xff;
    }

    /** Reads more; keeps the event being read (growing the buffer for a large one). False at the end. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int keep = mark >= 0 ? mark : pos;
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, limit - keep);
            limit -= keep;
            pos -= keep;
            base += keep;
            if (mark >= 0) {
                mark = 0;
            }
        } else if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n <= 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    /**
     * Back to the usual buffer after an event larger than {@link #SHRINK_ABOVE}, between events (when
     * nothing needs keeping but what is unread); up to that size a grown buffer is kept, so a stream of
     * events of a few hundred KB does not grow and shrink its buffer at every event.
     */
    private void shrink() {
        byte[] smaller = new byte[BUFFER];
        System.arraycopy(buf, pos, smaller, 0, limit - pos);
        limit -= pos;
        base += pos;
        pos = 0;
        buf = smaller;
    }

    /** The string between two buffer positions (no quotes), its escapes decoded. */
    private String decode(int from, int to) throws IOException {
        StringBuilder s = new StringBuilder(to - from);
        int run = from;
        int i = from;
        while (i < to) {
            if (buf[i] != '\\') {
                i++;
                continue;
            }
            s.append(new String(buf, run, i - run, StandardCharsets.UTF_8));
            byte e = buf[i + 1];
            switch (e) {
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> s.append((char) Integer.parseInt(new String(buf, i + 2, 4, StandardCharsets.US_ASCII), 16));
                default -> s.append((char) e);
            }
            i += e == 'u' ? 6 : 2;
            run = i;
        }
        s.append(new String(buf, run, to - run, StandardCharsets.UTF_8));
        return s.toString();
    }

    /**
     * Jackson's limit on a string whose text it builds, in characters once escapes are decoded, between two
     * positions relative to {@code mark}; a string is never longer in characters than in bytes as written,
     * so only one that long is decoded to count.
     */
    private void checkStringLength(int from, int to, boolean escaped) throws IOException {
        if (to - from > MAX_STRING_LENGTH) {
            String text = escaped ? decode(mark + from, mark + to)
                    : new String(buf, mark + from, to - from, StandardCharsets.UTF_8);
            if (text.length() > MAX_STRING_LENGTH) {
                throw error("the string is longer than " + MAX_STRING_LENGTH + " characters");
            }
        }
    }

    /**
     * Jackson's limit on a member name, which it counts in the name's UTF-8 bytes once its escapes are decoded,
     * between two positions relative to {@code mark}; escapes never make a name longer, so only a name that
     * long as written is decoded to count.
     */
    private void checkNameLength(int from, int to, boolean escaped) throws IOException {
        if (to - from > MAX_NAME_LENGTH && (!escaped
                || decode(mark + from, mark + to).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_LENGTH)) {
            throw error("the name is longer than " + MAX_NAME_LENGTH + " bytes");
        }
    }

    private void checkDepth(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw error("document nesting depth exceeds the maximum allowed (" + MAX_DEPTH + ")");
        }
    }

    private IOException eof(String inside) {
        return error("unexpected end of input in " + inside);
    }

    private IOException error(String message) {
        return new IOException(message + " at byte " + (base + pos));
    }

    private static String describe(int c) {
        if (c < 0) {
            return "the end of the input";
        }
        if (c >= 0x20 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return "byte 0x" + Integer.toHexString(c);
    }

    /**
     * The member names a scanner looks for, numbered from 1 (0 is any other name). No two have the same
     * length, so a name is found by its length and one comparison.
     */
    private static final class Names {
        private final byte[][] byLength = new byte[16][];
        private final int[] idByLength = new int[16];

        Names(String... names) {
            for (int i = 0; i < names.length; i++) {
                byte[] b = names[i].getBytes(StandardCharsets.UTF_8);
                if (byLength[b.length] != null) {
                    throw new IllegalArgumentException("two names of length " + b.length);
                }
                byLength[b.length] = b;
                idByLength[b.length] = i + 1;
            }
        }

        int find(byte[] b, int from, int length) {
            if (length >= byLength.length || byLength[length] == null) {
                return OTHER;
            }
            return sameBytes(byLength[length], b, from, length) ? idByLength[length] : OTHER;
        }

        int find(String name) {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            return find(b, 0, b.length);
        }
    }
}
