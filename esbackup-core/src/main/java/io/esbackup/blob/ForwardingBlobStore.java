package io.esbackup.blob;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} that passes every call to another one. Wrappers (faults, retries, metrics, read-only)
 * extend it and override only the methods they change. The default methods of {@link BlobStore} are not
 * forwarded: they call the five abstract methods, so a wrapper sees every operation. {@link #capability}
 * is: a wrapper has the capabilities of the store it wraps, unless it overrides this.
 */
public abstract class ForwardingBlobStore implements BlobStore {
    private final BlobStore delegate;

    protected ForwardingBlobStore(BlobStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped store. */
    public BlobStore delegate() {
        return delegate;
    }

    @Override
    public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
        return delegate.write(key, condition, writer);
    }

    @Override
    public Optional<Blob> read(String key) {
        return delegate.read(key);
    }

    @Override
    public Optional<Blob> readRange(String key, long offset, long length) {
        return delegate.readRange(key, offset, length);
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        return delegate.stat(key);
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public boolean delete(String key) {
        return delegate.delete(key);
    }

    @Override
    public void checkKey(String key) {
        delegate.checkKey(key);
    }

    /** This wrapper's own capability if it has one, else the delegate's. */
    @Override
    public <T> Optional<T> capability(Class<T> type) {
        Optional<T> own = BlobStore.super.capability(type);
        return own.isPresent() ? own : delegate.capability(type);
    }
}
