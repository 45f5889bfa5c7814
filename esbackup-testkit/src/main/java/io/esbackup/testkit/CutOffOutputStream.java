package io.esbackup.testkit;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/** Passes the first {@code limit} bytes through, then throws: a connection lost in the middle of an upload. */
final class CutOffOutputStream extends FilterOutputStream {
    private final long limit;
    private final Supplier<RuntimeException> failure;
    private long written;

    CutOffOutputStream(OutputStream out, long limit, Supplier<RuntimeException> failure) {
        super(out);
        this.limit = limit;
        this.failure = failure;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        long allowed = limit - written;
        if (len <= allowed) {
            out.write(b, off, len);
            written += len;
            return;
        }
        // Let the bytes before the cut through, so the store really holds a partial upload when it fails.
        out.write(b, off, (int) allowed);
        written = limit;
        throw failure.get();
    }
}
