package io.esbackup.bench;

import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.Compression;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.backup.BackupQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The registry scenario's backups: manifest {@code i} of N, a pure function of {@code i}, so the parent writes them
 * as files and a child records the same ones in a registry. Ten object names, 100 backups per aggregate, a tag
 * {@code env=audit} on one backup in a thousand (the rest {@code env=prod}), a team tag of seven values.
 */
final class RegistryFixtures {
    static final String NAME = "order-3";
    /** The query the scenario measures: {@code list --object-name order-3 --tag env=audit --max 100}. */
    static final BackupQuery QUERY = BackupQuery.builder().objectName(NAME).tag("env", "audit").maxResults(100)
            .includeExpired(true).build();
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private RegistryFixtures() {}

    static BackupManifest manifest(long i) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("env", i % 1000 == 3 ? "audit" : "prod");
        tags.put("team", "t" + i % 7);
        String id = new UUID(0x5eed000000004000L | (i >>> 32 & 0xfff), 0x8000000000000000L | i).toString();
        return new BackupManifest(ArchiveFormat.VERSION, id, "order-" + i % 10, "o-" + i / 100 % 100_000,
                "o" + i / 100 + "-0000000000", (int) (i % 50), i % 50 + 1, BASE.plusSeconds(i), null, null, tags,
                false, true, false, 0, 0, Compression.ZSTD, 1_000 + i % 4_000, String.format("%064x", i), null,
                "bench");
    }

    /** Writes manifests {@code 0..count-1} as a backups folder's {@code .meta} files (no archives: a listing reads only these). */
    static void writeManifests(Path backups, long count) {
        try {
            for (long i = 0; i < count; i++) {
                BackupManifest m = manifest(i);
                Path file = backups.resolve("backups").resolve(m.objectName()).resolve(m.objectId())
                        .resolve(m.backupId() + ".meta");
                Files.createDirectories(file.getParent());
                Files.write(file, ManifestCodec.toBytes(m));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
