package io.esbackup.testkit.selftest;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.WriteCondition;
import java.util.Optional;
import java.util.stream.Stream;

/** A blob store that does nothing but refuse: every method throws. */
final class ThrowingBlobStore implements BlobStore {
    @Override
    public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public Optional<Blob> read(String key) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public boolean delete(String key) {
        throw new UnsupportedOperationException("does nothing");
    }
}
