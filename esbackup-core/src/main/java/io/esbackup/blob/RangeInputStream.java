package io.esbackup.blob;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** At most {@code length} bytes of a stream; closing it closes the stream. */
final class RangeInputStream extends FilterInputStream {
    private long left;

    RangeInputStream(InputStream in, long length) {
        super(in);
        this.left = length;
    }

    static void requireRange(long offset, long length) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, was " + offset);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be 0 or more, was " + length);
        }
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            left--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
            return len == 0 ? 0 : -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, left));
        left -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), left);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
