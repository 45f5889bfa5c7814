package io.esbackup.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator that can look at its next element without taking it. */
public final class PeekingIterator<T> implements Iterator<T> {
    private final Iterator<T> source;
    private T peeked;

    public PeekingIterator(Iterator<T> source) {
        this.source = source;
    }

    public T peek() {
        if (peeked == null) {
            if (!source.hasNext()) {
                throw new NoSuchElementException();
            }
            peeked = source.next();
        }
        return peeked;
    }

    @Override
    public boolean hasNext() {
        return peeked != null || source.hasNext();
    }

    @Override
    public T next() {
        T t = peek();
        peeked = null;
        return t;
    }
}
