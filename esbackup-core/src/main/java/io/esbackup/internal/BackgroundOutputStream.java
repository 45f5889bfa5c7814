package io.esbackup.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An output stream whose downstream writes run on a second thread, so that producing bytes (generating
 * JSON) and consuming them (compressing, hashing, writing a file) use two cores at once.
 *
 * <p>Bytes are collected in buffers of {@value #BUFFER} bytes; a full buffer is handed to the worker, which
 * writes it to {@code out}. At most {@value #IN_FLIGHT} buffers are waiting, so memory is bounded and a slow
 * consumer slows the producer. The worker thread starts only when the first buffer is full: a small output
 * (most streams are small) is written on the caller's thread at {@link #close}, with no thread started.
 *
 * <p>{@link #close} hands over what is left, waits for the worker, closes {@code out}, and throws what the
 * worker failed with, if anything; a failure is also thrown by the next write after it happened.
 * {@link #abandon} stops the worker and closes {@code out} without finishing. Not thread-safe: one producer.
 */
public final class BackgroundOutputStream extends OutputStream {
    static final int BUFFER = 256 * 1024;
    static final int IN_FLIGHT = 4;
    private static final byte[] END = new byte[0];

    private final OutputStream out;
    private final String threadName;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(IN_FLIGHT + 1);
    private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(IN_FLIGHT + 2);
    // Starts small and grows: most outputs are a few kilobytes, and a bulk run makes hundreds per second.
    private byte[] buf = new byte[8 * 1024];
    private int len;
    private Thread worker;
    private final Failures failure = new Failures();
    private volatile boolean abandoned;
    private boolean closed;

    private record Chunk(byte[] bytes, int length) {}

    /** Writes to {@code out} (closed by {@link #close}); the worker thread, if started, is named {@code threadName}. */
    public BackgroundOutputStream(OutputStream out, String threadName) {
        this.out = out;
        this.threadName = threadName;
    }

    @Override
    public void write(int b) throws IOException {
        if (len == buf.length) {
            makeRoom();
        }
        buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
        while (n > 0) {
            if (len == buf.length) {
                makeRoom();
            }
            int step = Math.min(n, buf.length - len);
            System.arraycopy(b, off, buf, len, step);
            len += step;
            off += step;
            n -= step;
        }
    }

    /** Does nothing: the bytes reach {@code out} in buffer-sized steps, and all of them at {@link #close}. */
    @Override
    public void flush() {
        // flushing a partial buffer to another thread would only cost a hand-over per flush
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            // A close after a failed one fails again: the output is not whole.
            rethrow();
            return;
        }
        closed = true;
        try {
            if (worker == null) {
                out.write(buf, 0, len);
            } else {
                if (len > 0) {
                    put(new Chunk(buf, len));
                }
                put(new Chunk(END, 0));
                worker.join();
                rethrow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new InterruptedIOException("interrupted while the background writer finished");
        } finally {
            if (!abandoned) {
                out.close();
            }
        }
    }

    /**
     * Gives up: stops the worker (what it has not written is dropped), waits for it and closes {@code out}.
     * For an output whose content no longer matters; never throws.
     */
    public void abandon() {
        abandoned = true;
        closed = true;
        WorkerThreads.stop(worker);
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // abandoning: the output's state no longer matters
        }
    }

    private void makeRoom() throws IOException {
        if (buf.length < BUFFER) {
            buf = Arrays.copyOf(buf, Math.min(BUFFER, buf.length * 2));
        } else {
            handOver();
        }
    }

    private void handOver() throws IOException {
        rethrow();
        if (worker == null) {
            worker = WorkerThreads.start(this::drain, threadName);
        }
        try {
            put(new Chunk(buf, len));
            byte[] next = empty.poll();
            buf = next != null ? next : new byte[BUFFER];
            len = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing bytes to the background writer");
        }
    }

    private void put(Chunk c) throws InterruptedException, IOException {
        // Waits for room, but not for a worker that has died: its failure is thrown instead.
        while (!full.offer(c, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            rethrow();
        }
    }

    private void drain() {
        try {
            while (true) {
                Chunk c = full.take();
                if (c.bytes() == END) {
                    return;
                }
                out.write(c.bytes(), 0, c.length());
                empty.offer(c.bytes());
            }
        } catch (InterruptedException e) {
            if (!abandoned) {
                failure.set(e);
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    private void rethrow() throws IOException {
        failure.rethrow("the background writer");
    }
}
