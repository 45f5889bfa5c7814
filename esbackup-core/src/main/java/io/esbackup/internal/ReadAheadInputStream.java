package io.esbackup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An input stream that reads {@code in} ahead on a second thread, so that producing bytes (reading a file,
 * hashing, decompressing) and consuming them (parsing JSON) use two cores at once.
 *
 * <p>The first {@value #DIRECT} bytes are read on the caller's thread: most inputs are small and never
 * start a thread. Past that, a worker reads buffers of {@value #BUFFER} bytes, at most {@value #AHEAD}
 * ahead of the reader, so memory is bounded. A failure of the worker is thrown by the read that reaches
 * it, after the bytes read before it. {@link #close} stops the worker and closes {@code in}. Not
 * thread-safe: one reader.
 */
public final class ReadAheadInputStream extends InputStream {
    static final int DIRECT = 1024 * 1024;
    static final int BUFFER = 256 * 1024;
    static final int AHEAD = 4;

    private final InputStream in;
    private final String threadName;
    private final BlockingQueue<Chunk> ready = new ArrayBlockingQueue<>(AHEAD);
    private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(AHEAD + 2);
    private long directLeft = DIRECT;
    private Thread worker;
    private volatile boolean closed;
    private Chunk current;
    private int pos;
    private boolean ended;
    private final Failures failure = new Failures();

    /** A buffer of bytes, the end of the input ({@code length < 0}), or the worker's failure. */
    private record Chunk(byte[] bytes, int length, Throwable failure) {}

    public ReadAheadInputStream(InputStream in, String threadName) {
        this.in = in;
        this.threadName = threadName;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (n == 0) {
            return 0;
        }
        if (worker == null && directLeft > 0) {
            int r = in.read(b, off, (int) Math.min(n, directLeft));
            if (r > 0) {
                directLeft -= r;
            }
            return r;
        }
        if (worker == null) {
            worker = WorkerThreads.start(this::fill, threadName);
        }
        if (ended) {
            // After a failure every read fails: the input did not end, it broke.
            failure.rethrow("the read-ahead");
            return -1;
        }
        if (current == null || pos == current.length()) {
            if (current != null) {
                spare.offer(current.bytes());
            }
            current = take();
            pos = 0;
            if (current.failure() != null) {
                ended = true;
                failure.set(current.failure());
                failure.rethrow("the read-ahead");
            }
            if (current.length() < 0) {
                ended = true;
                return -1;
            }
        }
        int step = Math.min(n, current.length() - pos);
        System.arraycopy(current.bytes(), pos, b, off, step);
        pos += step;
        return step;
    }

    private Chunk take() throws IOException {
        try {
            return ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the read-ahead");
        }
    }

    private void fill() {
        try {
            while (!closed) {
                byte[] buf = spare.poll();
                if (buf == null) {
                    buf = new byte[BUFFER];
                }
                int len = 0;
                Throwable failure = null;
                try {
                    int n = 0;
                    while (len < BUFFER && (n = in.read(buf, len, BUFFER - len)) >= 0) {
                        len += n;
                    }
                } catch (Throwable t) {
                    failure = t;
                }
                // The bytes read before a failure are the reader's, before the failure.
                if (len > 0) {
                    offer(new Chunk(buf, len, null));
                }
                if (failure != null) {
                    offer(new Chunk(null, 0, failure));
                    return;
                }
                if (len < BUFFER) {
                    offer(new Chunk(null, -1, null));
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed by the reader
        }
    }

    private void offer(Chunk c) throws InterruptedException {
        while (!closed && !ready.offer(c, 50, TimeUnit.MILLISECONDS)) {
            // waits for the reader to take a buffer, or to close
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        WorkerThreads.stop(worker);
        in.close();
    }
}
