package io.esbackup.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A lazy input taken in chunks of at most {@code size} items, each read only when the chunk is asked for.
 * When reading the input fails part-way through a chunk, the items read so far still come as a (shorter)
 * chunk and the failure is thrown by the next call, so nothing read is lost.
 */
public final class Chunks<T> implements Iterator<List<T>> {
    private final Iterator<T> items;
    private final int size;
    private RuntimeException pending;

    public Chunks(Iterator<T> items, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, was " + size);
        }
        this.items = items;
        this.size = size;
    }

    @Override
    public boolean hasNext() {
        throwPending();
        return items.hasNext();
    }

    @Override
    public List<T> next() {
        throwPending();
        List<T> chunk = new ArrayList<>(Math.min(size, 64));
        try {
            while (chunk.size() < size && items.hasNext()) {
                chunk.add(items.next());
            }
        } catch (RuntimeException e) {
            if (chunk.isEmpty()) {
                throw e;
            }
            pending = e;
        }
        if (chunk.isEmpty()) {
            throw new NoSuchElementException();
        }
        return chunk;
    }

    private void throwPending() {
        if (pending != null) {
            RuntimeException e = pending;
            pending = null;
            throw e;
        }
    }
}
