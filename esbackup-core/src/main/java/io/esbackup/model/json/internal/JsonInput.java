package io.esbackup.model.json.internal;

import io.esbackup.internal.PrefixedInputStream;
import io.esbackup.model.RawJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes {@link JsonTokenizer} reads: a buffer over a stream that keeps, while a reader asks it to, every
 * byte from a position on (growing for a large value), and otherwise only what is unread, so memory is the
 * buffer plus the largest value kept. Positions a reader sees are counted from where it started keeping, so
 * they stay valid however often the buffer is refilled. JSON's whitespace is the one rule here.
 */
class JsonInput {
    private static final int BUFFER = 64 * 1024;
    private static final int SHRINK_ABOVE = 16 * BUFFER;

    private final InputStream in;
    byte[] buf = new byte[BUFFER];
    int pos;
    int limit;
    /** Where the kept bytes start in {@code buf}; -1 when nothing is kept. */
    int mark = -1;
    /** The stream offset of {@code buf[0]}, for messages. */
    private long base;
    private boolean eof;

    JsonInput(InputStream in) {
        this.in = in;
    }

    /** The next byte, not consumed, or -1 at the end of the input. */
    public final int peek() throws IOException {
        if (pos >= limit && !fill()) {
            return -1;
        }
        return buf[pos] & 0xff;
    }

    /** Consumes the byte {@link #peek} or {@link #skipWhitespace} returned. */
    public final void skip() {
        pos++;
    }

    /** The next byte, consumed; the end of the input, {@code inside} something, is an error. */
    public final int next(String inside) throws IOException {
        if (pos >= limit && !fill()) {
            throw eof(inside);
        }
        return buf[pos++] & 0xff;
    }

    /** Skips JSON whitespace; returns the next byte, not consumed, or -1 at the end of the input. */
    public final int skipWhitespace() throws IOException {
        // Small enough to be inlined at every call: most values follow their separator without whitespace.
        if (pos < limit) {
            int c = buf[pos] & 0xff;
            if (c > ' ') {
                return c;
            }
        }
        return skipSomeWhitespace();
    }

    private int skipSomeWhitespace() throws IOException {
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

    /**
     * Keeps every byte from the current one on, until {@link #release}; {@link #position}s count from here. After
     * a value larger than {@link #SHRINK_ABOVE} the buffer first goes back to its usual size, if what is unread
     * fits it; up to that size a grown buffer is kept, so a stream of values of a few hundred KB does not grow
     * and shrink it at every value.
     */
    public final void keep() {
        if (buf.length > SHRINK_ABOVE && limit - pos <= BUFFER) {
            byte[] smaller = new byte[BUFFER];
            System.arraycopy(buf, pos, smaller, 0, limit - pos);
            limit -= pos;
            base += pos;
            pos = 0;
            buf = smaller;
        }
        mark = pos;
    }

    /** The current position, counted from where the bytes are kept. */
    public final int position() {
        return pos - mark;
    }

    /** Whether the kept bytes from {@code from} are exactly {@code expected}; short names and types only. */
    public final boolean keptEquals(int from, byte[] expected) {
        // A plain loop: on names of a few bytes Arrays.equals's range checks and set-up cost more than it saves.
        byte[] b = buf;
        int start = mark + from;
        for (int i = 0; i < expected.length; i++) {
            if (b[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** A hash of the kept bytes from {@code from} to {@code to}. */
    public final int keptHash(int from, int to) {
        byte[] b = buf;
        int h = to - from;
        for (int i = mark + from, end = mark + to; i < end; i++) {
            h = 31 * h + b[i];
        }
        return h;
    }

    /** The kept bytes from {@code from} to {@code to}, copied. */
    public final byte[] bytes(int from, int to) {
        return Arrays.copyOfRange(buf, mark + from, mark + to);
    }

    /** The kept bytes up to the current position, as JSON. */
    public final RawJson keptJson() {
        return RawJson.ofUtf8(buf, mark, pos - mark);
    }

    /** Stops keeping bytes: a refill drops them. */
    public final void release() {
        mark = -1;
    }

    /** The unread bytes, then the rest of the stream: for another reader to go on; this one is done. */
    public final InputStream rest() {
        return new PrefixedInputStream(buf, pos, limit, in);
    }

    /** The read buffer's size, for tests: memory is this plus the value being kept. */
    final int bufferSize() {
        return buf.length;
    }

    /** Reads more; keeps the kept bytes (growing the buffer for a large value). False at the end. */
    final boolean fill() throws IOException {
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

    /** A failure {@code inside} something because the input ended. */
    public final IOException eof(String inside) {
        return error("unexpected end of input in " + inside);
    }

    /** A failure at the current byte: the message ends with its offset in the stream. */
    public final IOException error(String message) {
        return new IOException(message + " at byte " + (base + pos));
    }

    /** A byte for a message: a printable character quoted, else its code; -1 is the end of the input. */
    public static String describe(int c) {
        if (c < 0) {
            return "the end of the input";
        }
        if (c >= 0x20 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return "byte 0x" + Integer.toHexString(c);
    }
}
