package io.esbackup.blob;

import io.esbackup.Capable;
import io.esbackup.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where bytes are kept: a local folder, memory, Azure Blob Storage or S3. Keys are {@code /}-separated
 * paths checked by {@link BlobKeys}. Implementations translate their errors into the
 * {@code io.esbackup.error} family: {@code AlreadyExistsException} for a create-only write that found
 * its key, {@code ConflictException} for an if-match write that lost, {@code TransientStorageException}
 * for what a retry may fix, {@code StorageException} for an I/O error a retry will not fix (a full disk,
 * a denied permission), and for an {@code IOException} the writer of a write throws, with the key.
 * Optional capabilities (such as {@link AbandonedWrites}) are found with {@link #capability}.
 */
public interface BlobStore extends Capable {

    /**
     * Writes the bytes {@code writer} produces under {@code key}. Nothing is visible until the writer
     * returns; if it throws, nothing is written. The write is streamed: no implementation holds the whole
     * content in memory (the in-memory store aside).
     *
     * @return the stored blob's info, with its new ETag
     */
    BlobInfo write(String key, WriteCondition condition, BlobWriter writer);

    /** Opens {@code key} for reading, with the ETag of exactly the bytes the stream returns. */
    Optional<Blob> read(String key);

    /** The blob's size and ETag without reading it. */
    Optional<BlobInfo> stat(String key);

    /**
     * The blobs whose key starts with {@code prefix}, fetched lazily page by page, in no particular order.
     * Close the stream when done.
     */
    Stream<BlobInfo> list(String prefix);

    /** Deletes {@code key}; returns whether it existed. */
    boolean delete(String key);

    /**
     * Checks, without any I/O, that this store can hold a blob under {@code key}: the rules of
     * {@link BlobKeys} and the store's own (a file name's length, a container's name). Every method checks
     * its key the same way before it does anything; this lets a caller check several keys before it
     * writes the first of them.
     *
     * @throws IllegalArgumentException naming what is wrong with the key
     */
    default void checkKey(String key) {
        BlobKeys.requireValid(key);
    }

    /**
     * Opens {@code length} bytes of {@code key} from {@code offset} (fewer where the blob ends first): the
     * one entry of a pack, without reading the others. The info is the whole blob's (its size, its ETag).
     * The default opens the blob and skips to {@code offset}; a remote store should fetch just the range.
     *
     * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
     */
    default Optional<Blob> readRange(String key, long offset, long length) {
        RangeInputStream.requireRange(offset, length);
        return read(key).map(blob -> {
            try {
                blob.content().skipNBytes(Math.min(offset, blob.info().size()));
                return new Blob(blob.info(), new RangeInputStream(blob.content(), length));
            } catch (IOException e) {
                try {
                    blob.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new StorageException("reading blob " + key + " from byte " + offset, e);
            }
        });
    }

    /** Writes {@code bytes} under {@code key}. */
    default BlobInfo write(String key, WriteCondition condition, byte[] bytes) {
        return write(key, condition, out -> out.write(bytes));
    }

    /** The whole content of {@code key}; for small blobs such as manifests and documents. */
    default Optional<byte[]> readAllBytes(String key) {
        return read(key).map(blob -> {
            try (blob; InputStream in = blob.content()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new StorageException("reading blob " + key, e);
            }
        });
    }
}
