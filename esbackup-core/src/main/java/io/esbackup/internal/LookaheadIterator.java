package io.esbackup.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator over a source read one element ahead: subclasses say how to compute the next element
 * ({@code null} at the end), this class keeps {@code hasNext} and {@code next} consistent. Not for use
 * outside esbackup.
 */
public abstract class LookaheadIterator<T> implements Iterator<T> {
    private T next;
    private boolean done;

    /** The next element, or {@code null} when there is none; not called again after that. */
    protected abstract T computeNext();

    /** Ends the iteration now (on close, or when there is nothing to read). */
    protected final void stop() {
        done = true;
        next = null;
    }

    @Override
    public final boolean hasNext() {
        if (next == null && !done) {
            next = computeNext();
            if (next == null) {
                done = true;
            }
        }
        return next != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T t = next;
        next = null;
        return t;
    }
}
