package io.esbackup.model.json.internal;

import java.io.InputStream;

/** Bytes handed out at most {@code piece} at a time, as a slow stream would. */
final class Pieces extends InputStream {
    private final byte[] bytes;
    private final int piece;
    private int pos;

    Pieces(byte[] bytes, int from, int piece) {
        this.bytes = bytes;
        this.pos = from;
        this.piece = piece;
    }

    @Override
    public int read() {
        return pos < bytes.length ? bytes[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos >= bytes.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, piece), bytes.length - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
    }
}
