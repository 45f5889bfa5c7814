package io.esbackup.backup;

import io.esbackup.archive.Compression;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.EventStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The committed version-1 compatibility fixtures ({@code src/test/resources/compat/v1}, written by
 * {@link CompatFixtureWriter}): the expected results, and a copy of the backup folder to work on.
 */
final class CompatFixture {
    static final String ROOT = "/compat/v1/";
    /** Every copied file gets this modification time, so clean-up's grace period is tested with a fixed clock. */
    static final Instant FILES_MODIFIED = Instant.parse("2024-05-01T12:00:00Z");

    /** One backup as expected.json lists it. */
    record Backup(UUID backupId, String objectName, String objectId, String location, Compression compression,
                  String archiveKey, Instant createdAt, Instant expiresAt, long eventCount, int streamVersion, int snapshotCount,
                  int terminatedStreamCount, RawJson aggregate) {

        String manifestKey() {
            return archiveKey.substring(0, archiveKey.length() - ".json".length()) + ".meta";
        }

        String indexKey() {
            return "backup-index/" + backupId;
        }

        @Override
        public String toString() {
            return objectName + "/" + objectId + " " + compression.wireName() + " " + backupId;
        }
    }

    private CompatFixture() {}

    static RawJson expectedJson() {
        InputStream in = CompatFixture.class.getResourceAsStream(ROOT + "expected.json");
        if (in == null) {
            throw new IllegalStateException(ROOT + "expected.json is not on the test classpath");
        }
        return RawJson.parse(in);
    }

    /** The good backups, in the order they were written. */
    static List<Backup> backups() {
        RawJson expected = expectedJson();
        List<RawJson> aggregates = expected.get("aggregates").list();
        return expected.get("backups").list().stream().map(b -> {
            RawJson aggregate = aggregates.stream()
                    .filter(a -> a.get("objectName").string().equals(b.get("objectName").string())
                            && a.get("objectId").string().equals(b.get("objectId").string()))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no aggregate for " + b.text()));
            return new Backup(UUID.fromString(b.get("backupId").string()), b.get("objectName").string(),
                    b.get("objectId").string(), b.get("location").string(),
                    Compression.fromWireName(b.get("compression").string()), b.get("archiveKey").string(),
                    Instant.parse(b.get("createdAt").string()), instant(b.get("expiresAt").string()),
                    b.get("eventCount").number(),
                    (int) b.get("streamVersion").number(), (int) b.get("snapshotCount").number(),
                    (int) b.get("terminatedStreamCount").number(), aggregate);
        }).toList();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    /** Copies the fixture's backup folder to {@code target} (a LocalBlobStore root), every file dated the same. */
    static Path copyBackups(Path target) throws IOException {
        URL url = CompatFixture.class.getResource(ROOT + "backups");
        if (url == null) {
            throw new IllegalStateException(ROOT + "backups is not on the test classpath");
        }
        Path source;
        try {
            source = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.walk(source)) {
            files.forEach(p -> {
                Path to = target.resolve(source.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                        Files.setLastModifiedTime(to, FileTime.from(FILES_MODIFIED));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }

    /** A service over the copied backups and {@code store}; it must never write a backup. */
    static BackupRestoreService service(EventStore store, Path backupRoot, MutableClock clock) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(new LocalBlobStore(backupRoot)))
                .clock(clock)
                .ids(() -> {
                    throw new AssertionError("the compatibility tests never write a backup");
                })
                .build();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
