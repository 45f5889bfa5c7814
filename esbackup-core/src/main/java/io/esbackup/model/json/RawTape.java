package io.esbackup.model.json;

import io.esbackup.internal.PrefixedInputStream;
import io.esbackup.model.RawJson;
import java.io.IOException;
import java.io.InputStream;

/**
 * Keeps the most recent bytes a JSON parser read from a stream, so that a value can be taken out exactly
 * as written (whitespace and escapes included) by its byte offsets.
 *
 * <p>A parser's current token starts within its last buffer load (8 KB) plus the longest number
 * {@link Json} allows (10,000 digits), so the tape keeps only the last {@value #KEEP} bytes, unless a
 * value's start is {@linkplain #pin pinned}: then it keeps everything
 * from there until {@link #unpin}. Memory is bounded by the largest single value taken, not by the
 * length of the stream.
 */
public final class RawTape extends InputStream {
    static final int KEEP = 64 * 1024;

    private final InputStream in;
    private byte[] buf = new byte[2 * KEEP];
    private int len;
    private long start;
    private long pinned = -1;

    public RawTape(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
        int r = in.read(b, off, n);
        if (r > 0) {
            append(b, off, r);
        }
        return r;
    }

    private void append(byte[] b, int off, int r) {
        if (len + r > buf.length) {
            // Drop what no one can ask for any more before growing.
            long keepFrom = pinned >= 0 ? pinned : start + len + r - KEEP;
            drop(keepFrom - start);
        }
        if (len + r > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, len + r)];
            System.arraycopy(buf, 0, bigger, 0, len);
            buf = bigger;
        }
        System.arraycopy(b, off, buf, len, r);
        len += r;
    }

    private void drop(long count) {
        int n = (int) Math.max(0, Math.min(count, len));
        if (n > 0) {
            System.arraycopy(buf, n, buf, 0, len - n);
            len -= n;
            start += n;
        }
        if (pinned < 0 && buf.length > 16 * KEEP && len <= KEEP) {
            byte[] smaller = new byte[2 * KEEP];
            System.arraycopy(buf, 0, smaller, 0, len);
            buf = smaller;
        }
    }

    /** Keeps every byte from the absolute stream offset {@code offset} on, until {@link #unpin}. */
    public void pin(long offset) {
        if (offset < start) {
            throw new IllegalStateException("offset " + offset + " is no longer on the tape (it starts at " + start
                    + ")");
        }
        pinned = offset;
    }

    public void unpin() {
        pinned = -1;
    }

    /**
     * The exact bytes of the value at {@code p}'s current token, {@code p} being a parser over this tape; leaves
     * {@code p} on the value's last token. A parser without byte offsets (over characters) gets a token-by-token
     * copy instead.
     */
    public RawJson value(com.fasterxml.jackson.core.JsonParser p) throws IOException {
        long from = p.currentTokenLocation().getByteOffset();
        if (from < 0) {
            return RawJson.of(Json.captureValue(p));
        }
        pin(from);
        try {
            if (p.currentToken().isStructStart()) {
                p.skipChildren();
            } else {
                p.finishToken();
            }
            return json(from, p.currentLocation().getByteOffset());
        } finally {
            unpin();
        }
    }

    /** The bytes between two absolute offsets as a JSON value; they must still be on the tape. */
    public RawJson json(long from, long to) {
        check(from, to);
        return RawJson.ofUtf8(buf, (int) (from - start), (int) (to - from));
    }

    /**
     * The stream from the absolute offset {@code offset} on: the bytes still on the tape, then the rest of the
     * underlying stream. For handing the input over to another reader; the tape must not be read after.
     */
    public InputStream from(long offset) {
        check(offset, start + len);
        return new PrefixedInputStream(buf, (int) (offset - start), len, in);
    }

    private void check(long from, long to) {
        if (from < start || to > start + len || from > to) {
            throw new IllegalStateException("bytes " + from + ".." + to + " are not on the tape (" + start + ".."
                    + (start + len) + ")");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
