package io.esbackup.archive;

/**
 * The counts an archive declares in its {@code summary} section, with the SHA-256 (hex) and size of its
 * stored bytes as written or as read.
 */
public record ArchiveSummary(
        long eventCount,
        int snapshotCount,
        int terminatedStreamCount,
        long terminatedEventCount,
        String sha256,
        long storedSize) {
}
