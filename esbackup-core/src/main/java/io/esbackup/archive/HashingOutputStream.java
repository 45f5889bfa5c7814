package io.esbackup.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Counts and SHA-256-hashes the bytes that pass to the stored stream; closing does not close the target. */
final class HashingOutputStream extends FilterOutputStream {
    private final MessageDigest digest = Sha256.newDigest();
    // Written by the thread that stores (a background one for archives), read for progress by another.
    private volatile long count;

    HashingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        count += len;
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    long count() {
        return count;
    }

    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
