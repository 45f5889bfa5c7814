package io.esbackup.testkit.selftest;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.WriteCondition;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A blob store that accepts everything and keeps nothing: writes run the writer into the void and return
 * made-up info, reads find nothing. Harder to catch than a store that throws, since a test that only
 * checks absence or the lack of an exception passes against it.
 */
final class BlackHoleBlobStore implements BlobStore {
    @Override
    public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
        try {
            writer.writeTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BlobInfo(key, 0, "\"0\"", Instant.EPOCH);
    }

    @Override
    public Optional<Blob> read(String key) {
        return Optional.empty();
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        return Optional.empty();
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        return Stream.empty();
    }

    @Override
    public boolean delete(String key) {
        return false;
    }
}
