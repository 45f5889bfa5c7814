package io.esbackup.testkit;

import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.Compression;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Manifests for the registry suite: fixed ids and values, so a failure reads the same on every run. */
final class SampleManifests {
    private SampleManifests() {}

    /** The backup id of sample {@code n}: a canonical UUID, the same on every run. */
    static UUID id(long n) {
        return new UUID(0x5EED_0000_0000_4000L, 0x8000_0000_0000_0000L | n);
    }

    static BackupManifest manifest(long n, String objectName, String objectId, Instant createdAt) {
        return manifest(n, objectName, objectId, null, createdAt, null, Map.of());
    }

    static BackupManifest manifest(long n, String objectName, String objectId, String location, Instant createdAt,
                                   Instant expiresAt, Map<String, String> tags) {
        return new BackupManifest(ArchiveFormat.VERSION, id(n).toString(), objectName, objectId,
                objectId.replace("-", "") + "-0000000000", (int) (n % 1000), n % 1000 + 1, createdAt, expiresAt,
                "sample " + n, tags, false, true, false, 0, 0, Compression.ZSTD, 1000 + n, sha256(n), location,
                "conformance");
    }

    /** A 64-digit hex string unique to {@code n}, shaped like the SHA-256 a manifest carries. */
    static String sha256(long n) {
        return String.format("%064x", n);
    }
}
