package io.esbackup.blob;

import java.time.Instant;

/** A stored blob: its key, size in bytes, ETag (changes with every write) and last modification time. */
public record BlobInfo(String key, long size, String etag, Instant lastModified) {
}
