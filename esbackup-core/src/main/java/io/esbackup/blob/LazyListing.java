package io.esbackup.blob;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A remote store's listing as {@link BlobStore#list} wants it: nothing is asked for until the stream is consumed,
 * and a failure while it is consumed comes out translated into esbackup's error family. For the cloud stores,
 * whose SDKs page lazily but throw their own exceptions.
 */
public final class LazyListing {
    private LazyListing() {}

    /**
     * The elements of {@code source}, which is called when the stream is first consumed. A failure that
     * {@code empty} accepts (a container that does not exist) ends the listing as empty; any other is thrown as
     * {@code translate} makes it.
     */
    public static <T> Stream<T> of(Supplier<Stream<T>> source, Predicate<RuntimeException> empty,
                                   Function<RuntimeException, RuntimeException> translate) {
        Iterator<T> iterator = new Iterator<>() {
            private Iterator<T> inner;

            @Override
            public boolean hasNext() {
                try {
                    if (inner == null) {
                        inner = source.get().iterator();
                    }
                    return inner.hasNext();
                } catch (RuntimeException e) {
                    inner = Collections.emptyIterator();
                    if (empty.test(e)) {
                        return false;
                    }
                    throw translate.apply(e);
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    return inner.next();
                } catch (RuntimeException e) {
                    throw translate.apply(e);
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
