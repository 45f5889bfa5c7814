package io.esbackup.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An iterator that reads its source ahead on a second thread, so that producing elements (parsing events)
 * and consuming them (writing an archive) use two cores at once.
 *
 * <p>The first {@value #DIRECT} elements are taken on the caller's thread: most streams are short and never
 * start a thread. Past that, a worker takes batches of {@value #BATCH}, at most {@value #AHEAD} batches
 * ahead, so memory stays bounded. A failure of the source is thrown by the {@code hasNext} that reaches it,
 * after the elements before it. {@link #close} stops the worker; only then may the source be closed. Not
 * for use outside esbackup; one consumer.
 */
public final class ReadAheadIterator<T> implements Iterator<T>, AutoCloseable {
    static final int DIRECT = 5_000;
    static final int BATCH = 1_000;
    static final int AHEAD = 4;

    private final Iterator<T> source;
    private final String threadName;
    private final BlockingQueue<Batch<T>> ready = new ArrayBlockingQueue<>(AHEAD);
    private int directLeft = DIRECT;
    private Thread worker;
    private volatile boolean closed;
    private Batch<T> current;
    private int pos;
    private boolean ended;
    private final Failures failure = new Failures();

    /** Elements, or the end ({@code last}), or the source's failure. */
    private record Batch<T>(List<T> items, boolean last, Throwable failure) {}

    public ReadAheadIterator(Iterator<T> source, String threadName) {
        this.source = source;
        this.threadName = threadName;
    }

    @Override
    public boolean hasNext() {
        if (failure.isSet()) {
            // After a failure every call fails: the source did not end, it broke.
            rethrow();
        }
        if (closed) {
            return false;
        }
        if (worker == null && directLeft > 0) {
            return source.hasNext();
        }
        if (worker == null) {
            worker = WorkerThreads.start(this::fill, threadName);
        }
        while (!ended && (current == null || pos == current.items().size())) {
            if (current != null && current.last()) {
                ended = true;
                break;
            }
            current = take();
            pos = 0;
            if (current.failure() != null) {
                ended = true;
                failure.set(current.failure());
                rethrow();
            }
        }
        return !ended;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (worker == null) {
            directLeft--;
            return source.next();
        }
        return current.items().get(pos++);
    }

    private Batch<T> take() {
        try {
            return ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read-ahead", e);
        }
    }

    private void fill() {
        try {
            while (!closed) {
                List<T> items = new ArrayList<>(BATCH);
                Throwable failure = null;
                try {
                    while (items.size() < BATCH && source.hasNext()) {
                        items.add(source.next());
                    }
                } catch (Throwable t) {
                    failure = t;
                }
                // The elements read before a failure are the consumer's, before the failure.
                boolean last = failure != null || items.size() < BATCH;
                offer(new Batch<>(items, last && failure == null, null));
                if (failure != null) {
                    offer(new Batch<>(List.of(), true, failure));
                }
                if (last) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed by the consumer
        }
    }

    private void offer(Batch<T> b) throws InterruptedException {
        while (!closed && !ready.offer(b, 50, TimeUnit.MILLISECONDS)) {
            // waits for the consumer to take a batch, or to close
        }
    }

    private void rethrow() {
        try {
            failure.rethrow("the read-ahead");
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Stops the worker and waits for it; the source is no longer touched after this returns. */
    @Override
    public void close() {
        closed = true;
        WorkerThreads.stop(worker);
    }
}
