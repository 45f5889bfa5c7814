package io.esbackup.blob;

import java.time.Instant;

/**
 * A stored blob: its key, size in bytes, ETag and last modification time ({@code null} where the store's
 * answer to a write has none, as S3's). An ETag changes whenever the bytes do; whether the same bytes written
 * again get a new one depends on the store (Azure's and a local folder's name the write, S3's the content).
 */
public record BlobInfo(String key, long size, String etag, Instant lastModified) {
}
