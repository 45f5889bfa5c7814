package io.esbackup.model.json.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON's rules for strings, over a {@link JsonInput}, as Jackson applies them: escapes, no unescaped control
 * characters, strict UTF-8 (RFC 3629), and for member names escaped surrogates that pair up; and their text,
 * escapes decoded. Part of {@link JsonTokenizer}'s grammar, which is the only caller.
 */
final class JsonStrings {
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

    private JsonStrings() {}

    /** Skips the string at its opening quote, checked; returns whether it holds an escape. */
    static boolean skip(JsonInput in, boolean name) throws IOException {
        in.skip();
        boolean escaped = false;
        while (true) {
            byte[] b = in.buf;
            int p = in.pos;
            int lim = in.limit;
            while (p < lim && STRING_CLASS[b[p] & 0xff] == PLAIN) {
                p++;
            }
            in.pos = p;
            if (p >= lim) {
                if (!in.fill()) {
                    throw in.eof("a string");
                }
                continue;
            }
            switch (STRING_CLASS[b[p] & 0xff]) {
                case QUOTE -> {
                    in.pos = p + 1;
                    return escaped;
                }
                case BACKSLASH -> {
                    escaped = true;
                    escape(in, name);
                }
                case CONTROL -> throw in.error("illegal unquoted character (code " + (b[p] & 0xff)
                        + "): has to be escaped in a string");
                case UTF8_2, UTF8_3, UTF8_4 -> utf8Character(in, b[p] & 0xff);
                default -> throw in.error("invalid UTF-8 start byte 0x" + Integer.toHexString(b[p] & 0xff));
            }
        }
    }

    private static void escape(JsonInput in, boolean name) throws IOException {
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
    private static void utf8Character(JsonInput in, int lead) throws IOException {
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
