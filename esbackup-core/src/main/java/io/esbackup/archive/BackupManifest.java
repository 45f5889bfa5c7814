package io.esbackup.archive;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.Collections;

/**
 * The manifest of one backup ({@code {backupId}.meta}): small plain JSON, written after the archive as
 * the commit point. Its {@code sha256} covers the archive's stored (compressed) bytes.
 */
public record BackupManifest(
        int formatVersion,
        String backupId,
        String objectName,
        String objectId,
        String streamIdentifier,
        int streamVersion,
        long eventCount,
        Instant createdAt,
        Instant expiresAt,
        String description,
        Map<String, String> tags,
        boolean includesSnapshots,
        boolean includesObjectDocument,
        boolean includesTerminatedStreams,
        int snapshotCount,
        int terminatedStreamCount,
        Compression compression,
        long storedSize,
        String sha256,
        String location,
        String toolVersion) {

    public BackupManifest {
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** Whether retention has run out at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
