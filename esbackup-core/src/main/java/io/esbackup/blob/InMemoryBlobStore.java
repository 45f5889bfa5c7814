package io.esbackup.blob;

import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** A {@link BlobStore} in memory, for tests and for the reference behaviour every store must match. */
public final class InMemoryBlobStore implements BlobStore {
    private record Stored(byte[] data, BlobInfo info) {}

    private final ConcurrentSkipListMap<String, Stored> blobs = new ConcurrentSkipListMap<>();
    private final AtomicLong versions = new AtomicLong();
    private final Clock clock;

    public InMemoryBlobStore() {
        this(Clock.systemUTC());
    }

    public InMemoryBlobStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
        BlobKeys.requireValid(key);
        if (condition.kind() == WriteCondition.Kind.CREATE_ONLY && blobs.containsKey(key)) {
            throw new AlreadyExistsException("blob " + key + " already exists");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            writer.writeTo(buffer);
        } catch (IOException e) {
            throw new StorageException("writing blob " + key, e);
        }
        byte[] data = buffer.toByteArray();
        Instant now = clock.instant();
        Stored stored = new Stored(data, new BlobInfo(key, data.length, "\"" + versions.incrementAndGet() + "\"", now));
        Stored result = blobs.compute(key, (k, current) -> {
            switch (condition.kind()) {
                case CREATE_ONLY -> {
                    if (current != null) {
                        throw new AlreadyExistsException("blob " + key + " already exists");
                    }
                }
                case IF_MATCH -> {
                    if (current == null || !current.info().etag().equals(condition.etag())) {
                        throw new ConflictException("blob " + key + " was changed by another writer (expected ETag "
                                + condition.etag() + ")");
                    }
                }
                case OVERWRITE -> { }
            }
            return stored;
        });
        return result.info();
    }

    @Override
    public Optional<Blob> read(String key) {
        BlobKeys.requireValid(key);
        Stored s = blobs.get(key);
        return s == null ? Optional.empty() : Optional.of(new Blob(s.info(), new ByteArrayInputStream(s.data())));
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        BlobKeys.requireValid(key);
        return Optional.ofNullable(blobs.get(key)).map(Stored::info);
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        BlobKeys.requireValidPrefix(prefix);
        return blobs.tailMap(prefix).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(prefix))
                .map(e -> e.getValue().info());
    }

    @Override
    public boolean delete(String key) {
        BlobKeys.requireValid(key);
        return blobs.remove(key) != null;
    }
}
