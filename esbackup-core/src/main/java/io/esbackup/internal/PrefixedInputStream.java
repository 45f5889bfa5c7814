package io.esbackup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Some bytes already read, then the rest of a stream: how a reader that read ahead hands the input over
 * to the next one. Unlike {@link java.io.SequenceInputStream} it never closes the stream when it ends,
 * so its owner can read on after it (an archive's checksum is computed over every stored byte).
 */
public final class PrefixedInputStream extends InputStream {
    private final byte[] prefix;
    private int pos;
    private final InputStream rest;

    /** {@code prefix[from..to)} (copied), then {@code rest}. */
    public PrefixedInputStream(byte[] prefix, int from, int to, InputStream rest) {
        this.prefix = Arrays.copyOfRange(prefix, from, to);
        this.rest = rest;
    }

    @Override
    public int read() throws IOException {
        return pos < prefix.length ? prefix[pos++] & 0xff : rest.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos < prefix.length) {
            int n = Math.min(len, prefix.length - pos);
            System.arraycopy(prefix, pos, b, off, n);
            pos += n;
            return n;
        }
        return rest.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
        rest.close();
    }
}
