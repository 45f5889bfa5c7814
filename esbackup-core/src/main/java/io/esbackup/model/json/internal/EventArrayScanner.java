package io.esbackup.model.json.internal;

import static io.esbackup.model.json.internal.JsonTokenizer.describe;

import io.esbackup.internal.PrefixedInputStream;
import io.esbackup.model.RawEvent;
import io.esbackup.model.RawJson;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a JSON array of events straight from its UTF-8 bytes, one event at a time, as {@link RawEvent}s: every
 * byte of an event is checked by a {@link JsonTokenizer} to be JSON as {@link Json}'s parser accepts it, the
 * members {@link EventCodec#read} reads into an event's identity and shape are checked as it checks them (a
 * non-empty {@code type}, an integer {@code version}, an integer or null {@code schemaVersion}, scalar
 * {@code exseq} and {@code timestamp}, an object or null {@code action} whose ids are scalars), and the event
 * is kept as its exact bytes.
 *
 * <p>Why not Jackson: copying a long stream is mostly tokenizing, and a parser that hands out tokens
 * canonicalizes every member name and builds every token; this only needs each event's bounds and a few
 * members, so it walks bytes: on the bench's 400 MB stream 0.46 s against 0.72 s for Jackson once warm, 0.78 s
 * against 1.34 s in a new JVM. Memory is the read buffer plus the largest single event.
 */
public final class EventArrayScanner {
    // The event members read besides payloads and extras.
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

    private final JsonTokenizer t;
    private final int outerDepth;
    private boolean started;
    private boolean ended;
    // Recent event types by their bytes: a stream repeats a few types, so most events need no new String.
    private final byte[][] typeBytes = new byte[TYPE_CACHE][];
    private final String[] types = new String[TYPE_CACHE];

    /**
     * @param in         the bytes right after the array's {@code [}
     * @param outerDepth how many objects and arrays are open around the events, the array included (for the
     *                   nesting limit): 2 for an array that is a member of the document
     */
    public EventArrayScanner(InputStream in, int outerDepth) {
        this.t = new JsonTokenizer(in);
        this.outerDepth = outerDepth;
    }

    /** The next event, or {@code null} once the array's {@code ]} is read. */
    public RawEvent next() throws IOException {
        if (ended) {
            return null;
        }
        int c = t.skipWhitespace();
        if (!started) {
            started = true;
        } else if (c == ',') {
            t.skip();
            c = t.skipWhitespace();
            if (c != '{') {
                throw t.error("expected an event object after ',' but found " + describe(c));
            }
        } else if (c != ']') {
            throw t.error("expected ',' or ']' after an event but found " + describe(c));
        }
        if (c == ']') {
            t.skip();
            ended = true;
            return null;
        }
        if (c != '{') {
            throw t.error("expected an event object but found " + describe(c));
        }
        return readEvent();
    }

    /**
     * Passes over the rest of the array without checking its events, up to and past its {@code ]}, matching only
     * strings and brackets ({@link JsonTokenizer#passOverRest}); then what follows it may be read. For a reader
     * that stops before the end of the array but must know what follows it: the events it passes over are not
     * its to judge.
     */
    public void skipRest() throws IOException {
        if (ended) {
            return;
        }
        int closer = t.passOverRest();
        if (closer < 0) {
            throw t.error("the events array ends early");
        }
        if (closer == '}') {
            throw t.error("the events array is closed by '}'");
        }
        ended = true;
    }

    /**
     * After the array's {@code ]}: the first byte after it that is not whitespace, consumed, or -1 at the end of
     * the input. In an object, {@code ,} says more members follow, <code>}</code> that it ends.
     */
    public int afterArray() throws IOException {
        requireEnded();
        int c = t.skipWhitespace();
        if (c >= 0) {
            t.skip();
        }
        return c;
    }

    /**
     * After the array's {@code ]}, for an array that is a member of an object: the members that follow it, as an
     * object of their own (its <code>{</code> supplied, then the rest of the input), for a parser to go on with.
     * Anything but {@code ,} or <code>}</code> after the array is an error.
     */
    public InputStream membersAfter() throws IOException {
        int c = afterArray();
        if (c != ',' && c != '}') {
            throw t.error("expected ',' or '}' after the events array but found " + describe(c));
        }
        // At least four bytes, none zero: Jackson guesses UTF-16 or UTF-32 from zero bytes among the first four,
        // and the input is UTF-8 throughout.
        byte[] opening = c == ',' ? new byte[] {'{', ' ', ' ', ' '} : new byte[] {'{', ' ', ' ', ' ', '}'};
        return new PrefixedInputStream(opening, 0, opening.length, t.rest());
    }

    private void requireEnded() {
        if (!ended) {
            throw new IllegalStateException("the events array is not read to its end");
        }
    }

    /** The read buffer's size, for tests: memory is this plus the event being read. */
    int bufferSize() {
        return t.bufferSize();
    }

    private RawEvent readEvent() throws IOException {
        t.keep();
        t.checkDepth(outerDepth + 1);
        t.skip();
        String type = null;
        int version = 0;
        boolean hasVersion = false;
        int c = t.skipWhitespace();
        if (c != '}') {
            while (true) {
                int member = memberName(EVENT_NAMES);
                c = t.valueStart();
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
                    default -> t.value(c, outerDepth + 1);
                }
                c = t.skipWhitespace();
                if (c == ',') {
                    t.skip();
                    t.skipWhitespace();
                } else if (c == '}') {
                    break;
                } else {
                    throw t.error("expected ',' or '}' in an event but found " + describe(c));
                }
            }
        }
        t.skip();
        if (type == null || !hasVersion) {
            throw t.error("event lacks " + (type == null ? "'type'" : "'version'"));
        }
        RawJson json = t.keptJson();
        t.release();
        return new RawEvent(type, version, json);
    }

    /** Checks the action object as {@link EventCodec#read} reads it: its three ids are scalars, the rest any JSON. */
    private void checkAction(int c) throws IOException {
        if (c != '{') {
            throw t.error("expected START_OBJECT for action but found " + describe(c));
        }
        int depth = outerDepth + 2;
        t.checkDepth(depth);
        t.skip();
        c = t.skipWhitespace();
        if (c == '}') {
            t.skip();
            return;
        }
        while (true) {
            int member = memberName(ACTION_NAMES);
            c = t.valueStart();
            switch (member) {
                case 1 -> scalar("action.correlationId", c);
                case 2 -> scalar("action.causationId", c);
                case 3 -> scalar("action.eventOccuredAt", c);
                default -> t.value(c, depth);
            }
            c = t.skipWhitespace();
            if (c == ',') {
                t.skip();
                t.skipWhitespace();
            } else if (c == '}') {
                t.skip();
                return;
            } else {
                throw t.error("expected ',' or '}' in action but found " + describe(c));
            }
        }
    }

    /** Reads a member name and its colon; returns its index in {@code names}, 0 for any other name. */
    private int memberName(Names names) throws IOException {
        int start = t.position() + 1;
        boolean escaped = t.name();
        int end = t.position() - 1;
        int member = escaped ? names.find(t.text(start, end, true)) : names.find(t, start, end - start);
        t.colon();
        return member;
    }

    /** A member read as text: any scalar, not an object or array. */
    private void scalar(String field, int c) throws IOException {
        if (c == '{' || c == '[') {
            throw notScalar(field, c);
        }
        if (c == '"') {
            // Its text is taken, so Jackson's string limit applies to it as to the type.
            int start = t.position() + 1;
            boolean escaped = t.string(false);
            t.checkStringLength(start, t.position() - 1, escaped);
        } else {
            t.value(c, 0);
        }
    }

    private IOException notScalar(String field, int c) {
        return t.error("event field '" + field + "' must be a string but is " + (c == '{' ? "an object" : "an array"));
    }

    /** The text of a scalar as Jackson's {@code getValueAsString} gives it: a string decoded, others as written. */
    private String scalarText(String field, int c) throws IOException {
        if (c == '{' || c == '[') {
            throw notScalar(field, c);
        }
        int start = t.position();
        if (c == '"') {
            boolean escaped = t.string(false);
            int end = t.position() - 1;
            t.checkStringLength(start + 1, end, escaped);
            return escaped ? t.text(start + 1, end, true) : type(start + 1, end);
        }
        t.value(c, 0);
        return type(start, t.position());
    }

    private String type(int from, int to) {
        int h = t.keptHash(from, to);
        int slot = (h ^ (h >>> 8)) & (TYPE_CACHE - 1);
        byte[] known = typeBytes[slot];
        if (known == null || known.length != to - from || !t.keptEquals(from, known)) {
            known = t.bytes(from, to);
            typeBytes[slot] = known;
            types[slot] = new String(known, StandardCharsets.UTF_8);
        }
        return types[slot];
    }

    private int intValue(String field, int c) throws IOException {
        if (c != '-' && (c < '0' || c > '9')) {
            throw t.error("event field '" + field + "' must be an integer");
        }
        int start = t.position();
        if (!t.number()) {
            throw t.error("event field '" + field + "' must be an integer");
        }
        return t.intValue(start);
    }

    private String skipNull() throws IOException {
        t.literal("null");
        return null;
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

        int find(JsonTokenizer t, int from, int length) {
            if (length >= byLength.length || byLength[length] == null) {
                return OTHER;
            }
            return t.keptEquals(from, byLength[length]) ? idByLength[length] : OTHER;
        }

        int find(String name) {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            if (b.length >= byLength.length || byLength[b.length] == null) {
                return OTHER;
            }
            return Arrays.equals(byLength[b.length], b) ? idByLength[b.length] : OTHER;
        }
    }
}
