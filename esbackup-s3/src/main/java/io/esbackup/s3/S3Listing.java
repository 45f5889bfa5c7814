package io.esbackup.s3;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A listing fetched page by page only as it is consumed, with the SDK's failures translated. */
final class S3Listing {
    private S3Listing() {}

    /**
     * A stream that asks {@code source} for its elements only when first consumed, and translates every failure
     * while it is consumed (a missing bucket too: a listing of one is an error, not an empty list).
     */
    static <T> Stream<T> lazily(String bucket, String what, Supplier<Stream<T>> source) {
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
                    throw S3Errors.translate(bucket, what, e);
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
                    throw S3Errors.translate(bucket, what, e);
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
