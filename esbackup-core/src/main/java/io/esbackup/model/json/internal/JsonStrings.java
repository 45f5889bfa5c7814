package io.esbackup.model.json.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON's rules for strings, over a {@link JsonInput}, as Jackson applies them: which bytes a string may hold as
 * they are ({@link #STRING_CLASS}), escapes, strict UTF-8 (RFC 3629), and for member names escaped surrogates
 * that pair up; and their text, escapes decoded. Part of {@link JsonTokenizer}'s grammar, which is the only
 * caller and runs the scanning loop itself ({@link JsonTokenizer#string}).
 */
final class JsonStrings {
    /** Byte classes inside a string, by byte ({@link #STRING_CLASS}); {@link #PLAIN} needs no attention. */
    static final byte PLAIN = 0;
    static final byte QUOTE = 1;
    static final byte BACKSLASH = 2;
    static final byte CONTROL = 3;
    static final byte UTF8_2 = 4;
    static final byte UTF8_3 = 5;
    static final byte UTF8_4 = 6;
    static final byte INVALID = 7;
    static final byte[] STRING_CLASS = new byte[256];

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

    private JsonStrings() {}

    static void escape(JsonInput in, boolean name) throws IOException {
        in.skip();
        int c = in.next("an escape");
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
            }
            case 'u' -> {
                int unit = hex4(in);
                // Jackson encodes member names as UTF-8, so an escaped surrogate there must be half of a pair.
                if (name && unit >= 0xD800 && unit <= 0xDBFF) {
                    if (in.next("an escape") != '\\' || in.next("an escape") != 'u') {
                        throw in.error("broken surrogate pair in a member name");
                    }
                    int low = hex4(in);
                    if (low < 0xDC00 || low > 0xDFFF) {
                        throw in.error("broken surrogate pair in a member name: expected a low surrogate");
                    }
                } else if (name && unit >= 0xDC00 && unit <= 0xDFFF) {
                    throw in.error("unexpected low surrogate in a member name");
                }
            }
            default -> throw in.error("unrecognized character escape " + JsonInput.describe(c));
        }
    }

    private static int hex4(JsonInput in) throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int h = in.next("an escape");
            int digit = Character.digit(h, 16);
            if (digit < 0) {
                throw in.error("unexpected character " + JsonInput.describe(h)
                        + " in a \\u escape: expected a hex digit");
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /**
     * Passes over one multi-byte UTF-8 character whose lead byte is the current one, checked as strictly as
     * Jackson checks it (RFC 3629): no overlong forms, no surrogates, nothing beyond U+10FFFF.
     */
    static void utf8Character(JsonInput in, int lead) throws IOException {
        in.skip();
        int count = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
        // The second byte's range is narrower after the leads that could otherwise encode an invalid code point.
        int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
        int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
        for (int i = 0; i < count; i++) {
            int c = in.next("a UTF-8 character");
            if (c < low || c > high) {
                throw in.error("invalid UTF-8: byte 0x" + Integer.toHexString(c) + " after lead byte 0x"
                        + Integer.toHexString(lead));
            }
            low = 0x80;
            high = 0xBF;
        }
    }

    /** The text of a kept, checked string between positions {@code from} and {@code to} (no quotes). */
    static String text(JsonInput in, int from, int to, boolean escaped) {
        byte[] buf = in.buf;
        int start = in.mark + from;
        int end = in.mark + to;
        if (!escaped) {
            return new String(buf, start, end - start, StandardCharsets.UTF_8);
        }
        StringBuilder s = new StringBuilder(end - start);
        int run = start;
        int i = start;
        while (i < end) {
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
        s.append(new String(buf, run, end - run, StandardCharsets.UTF_8));
        return s.toString();
    }
}
