package io.esbackup.postgres;

import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.Compression;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Manifests for this module's own tests, with fixed ids so a failure reads the same on every run. */
final class TestManifests {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private TestManifests() {}

    static UUID id(long n) {
        return new UUID(0x9057_0000_0000_4000L, 0x8000_0000_0000_0000L | n);
    }

    static BackupManifest manifest(long n, String objectName, String objectId) {
        return manifest(n, objectName, objectId, T0.plusMillis(n), null, Map.of());
    }

    static BackupManifest manifest(long n, String objectName, String objectId, Instant createdAt, Instant expiresAt,
                                   Map<String, String> tags) {
        return new BackupManifest(ArchiveFormat.VERSION, id(n).toString(), objectName, objectId,
                objectId + "-0000000000", 3, 4, createdAt, expiresAt, "test " + n, tags, false, true, false, 0, 0,
                Compression.ZSTD, 100 + n, String.format("%064x", n), null, "test");
    }
}
