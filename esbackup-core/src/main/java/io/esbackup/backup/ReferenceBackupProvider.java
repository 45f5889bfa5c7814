package io.esbackup.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.ArchiveHeader;
import io.esbackup.archive.ArchiveWriter;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.Compression;
import io.esbackup.archive.Sha256;
import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.NotFoundException;
import io.esbackup.error.StorageException;
import io.esbackup.model.Ids;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups the reference library's {@code AzureBlobBackupProvider} writes, read and written through the
 * {@link BackupProvider} SPI, so list, show, validate, restore, clone and restore-many work on them as on
 * esbackup's own, and the .NET library restores what esbackup took
 * (docs/FORMAT.md, section 18). {@code backups} is its container ({@code migration-backups} by default), holding
 * {@code backups/{objectId}/{backupId}.backup.json}; {@code registry}, optional, its registry container
 * ({@code backup-registry}), whose {@code backup-registry.json} adds what only it records: retention,
 * description and tags.
 *
 * <p>A reference backup has no archive in esbackup's format and no checksum. Each is read whole (as the
 * reference reads it) and turned into an archive of esbackup's format, uncompressed; the manifest's
 * {@code sha256} and {@code storedSize} are of that archive, so validate checks the backup's structure and
 * counts, never that its bytes are the ones written: the reference recorded nothing to check them against. The
 * stream identifier is the reference's first one for a new document ({@code {objectId without dashes}-0000000000}),
 * since a reference backup names none; the events have no time, and no object document, snapshot or terminated
 * stream is in one.
 *
 * <p>Backups written here are in the reference's format, so the reference restores them, and are recorded in
 * its registry with conditional updates (the reference's own rewrites lose entries under concurrency).
 */
public final class ReferenceBackupProvider implements BackupProvider {
    public static final String BACKUPS_CONTAINER = "migration-backups";
    public static final String REGISTRY_CONTAINER = "backup-registry";
    public static final String REGISTRY_BLOB = ReferenceRegistryFile.BLOB;
    /** Written as the manifest's tool version: no esbackup wrote these. */
    public static final String TOOL = "reference";
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceBackupProvider.class);
    private static final String PREFIX = "backups/";
    private static final Pattern KEY = Pattern.compile("backups/([^/]+)/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
            + "[0-9a-f]{4}-[0-9a-f]{12})\\.backup\\.json");

    private final BlobStore backups;
    private final BlobStore registry;
    private final JobLocks jobLocks;

    /** The reference's backups in {@code backups}, with its registry in {@code registry} ({@code null}: none). */
    public ReferenceBackupProvider(BlobStore backups, BlobStore registry) {
        this(backups, registry, Clock.systemUTC());
    }

    /**
     * As {@link #ReferenceBackupProvider(BlobStore, BlobStore)}, with {@link JobLocks} (leases under
     * {@code locks/} in {@code backups}, where the reference looks only under {@code backups/}) timed by
     * {@code clock}.
     */
    public ReferenceBackupProvider(BlobStore backups, BlobStore registry, Clock clock) {
        if (backups == null || clock == null) {
            throw new IllegalArgumentException((backups == null ? "backups" : "clock") + " must not be null");
        }
        this.backups = backups;
        this.registry = registry;
        this.jobLocks = new BlobJobLocks(backups, clock);
    }

    /** {@link JobLocks}, kept in the backups' store. */
    @Override
    public <T> Optional<T> capability(Class<T> type) {
        if (type == JobLocks.class) {
            return Optional.of(type.cast(jobLocks));
        }
        return BackupProvider.super.capability(type);
    }

    @Override
    public Optional<BackupLocation> locate(UUID backupId) {
        try (Stream<BlobInfo> all = backups.list(PREFIX)) {
            return all.map(b -> KEY.matcher(b.key())).filter(m -> m.matches() && m.group(2).equals(backupId.toString()))
                    .findFirst().flatMap(m -> readManifest(m.group(0))).map(BackupLocation::of);
        }
    }

    @Override
    public Optional<BackupManifest> readManifest(BackupLocation location) {
        return readManifest(key(location)).filter(m -> m.objectName().equals(location.objectName()));
    }

    @Override
    public InputStream openArchive(BackupLocation location) {
        String key = key(location);
        byte[] stored = read(key).orElseThrow(() -> new NotFoundException("reference backup " + key
                + " does not exist"));
        return new ByteArrayInputStream(archive(ReferenceBackupData.parse(stored)));
    }

    /** Every reference backup (of one object id, when the query names one), each read whole. */
    @Override
    public Stream<BackupManifest> listManifests(BackupQuery query) {
        String prefix = query.objectId() == null ? PREFIX : PREFIX + query.objectId() + "/";
        Map<String, JsonNode> entries = registryEntries();
        return backups.list(prefix).map(b -> KEY.matcher(b.key())).filter(Matcher::matches)
                .map(m -> listed(m.group(0), entries)).flatMap(Optional::stream);
    }

    /** Every backup id a key names, readable or not, so that a full validation reports the unreadable ones. */
    @Override
    public Stream<UUID> listBackupIds() {
        return backups.list(PREFIX).map(b -> KEY.matcher(b.key())).filter(Matcher::matches)
                .map(m -> UUID.fromString(m.group(2)));
    }

    /**
     * The manifest of the backup at {@code key}, or a warning: one unreadable backup (the reference's old
     * "Type:vN" events, a damaged blob) must not hide the others from a listing. validate still reports it.
     */
    private Optional<BackupManifest> listed(String key, Map<String, JsonNode> entries) {
        try {
            return readManifest(key, entries);
        } catch (ArchiveFormatException e) {
            LOG.warn("Skipping unreadable reference backup {}: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Takes the archive the service writes, and stores the backup in the reference's format instead, gzipped (as
     * the reference's default options do) and create-only at {@code backups/{objectId}/{backupId}.backup.json}.
     * The reference's format holds the events and nothing else: their times, unknown members, the object
     * document, snapshots and terminated streams are not kept. Memory is the whole backup, as the reference's
     * format is one JSON document. Returns the size of the archive taken, which the service checks.
     */
    @Override
    public BlobInfo writeArchive(BackupLocation location, BlobWriter archive) {
        ByteArrayOutputStream taken = new ByteArrayOutputStream();
        try {
            archive.writeTo(taken);
        } catch (IOException e) {
            throw new StorageException("taking the archive of backup " + location.backupId(), e);
        }
        byte[] bytes = taken.toByteArray();
        ReferenceBackupData data = ReferenceBackupData.fromArchive(bytes);
        byte[] stored = ReferenceBackupData.gzip(data.toJson());
        BlobInfo written;
        try {
            written = backups.write(key(location), WriteCondition.createOnly(), stored);
        } catch (io.esbackup.error.AlreadyExistsException e) {
            throw new io.esbackup.error.BackupIdTakenException(location.backupId(), e);
        }
        return new BlobInfo(written.key(), bytes.length, written.etag(), written.lastModified());
    }

    /**
     * Records the backup in the reference's registry, which is how the reference finds one (and knows it is
     * gzipped), changed on its ETag so that concurrent backups lose no entry. Without a registry, nothing.
     */
    @Override
    public void writeManifest(BackupLocation location, BackupManifest manifest) {
        if (registry == null) {
            return;
        }
        long size = backups.stat(key(location)).map(BlobInfo::size).orElseThrow(() -> new NotFoundException(
                "reference backup " + key(location) + " is gone before its registry entry was written"));
        ObjectNode entry = Json.objectNode()
                .put("backupId", manifest.backupId())
                .put("createdAt", ReferenceBackupData.dotNetTime(manifest.createdAt()))
                .put("providerName", "azure-blob")
                .put("location", describe(location))
                .put("objectId", manifest.objectId())
                .put("objectName", manifest.objectName())
                .put("streamVersion", manifest.streamVersion())
                .put("eventCount", manifest.eventCount())
                .put("sizeBytes", size)
                .put("includesSnapshots", false)
                .put("includesObjectDocument", false)
                .put("includesTerminatedStreams", false)
                .put("isCompressed", true)
                .putNull("checksum");
        if (manifest.expiresAt() == null) {
            entry.putNull("retention");
        } else {
            entry.put("retention", timeSpan(Duration.between(manifest.createdAt(), manifest.expiresAt())));
        }
        if (manifest.description() == null) {
            entry.putNull("description");
        } else {
            entry.put("description", manifest.description());
        }
        ObjectNode tags = entry.putObject("tags");
        manifest.tags().forEach(tags::put);
        new ReferenceRegistryFile(registry).put(entry);
    }

    /** A duration as .NET writes a TimeSpan: {@code [d.]hh:mm:ss[.fffffff]}. */
    static String timeSpan(Duration d) {
        long days = d.toDays();
        Duration rest = d.minusDays(days);
        String s = String.format("%02d:%02d:%02d", rest.toHoursPart(), rest.toMinutesPart(), rest.toSecondsPart());
        int ticks = rest.toNanosPart() / 100;
        return (days > 0 ? days + "." : "") + s + (ticks > 0 ? String.format(".%07d", ticks) : "");
    }

    /** Deletes the backup's blob, then its registry entry, as the reference does. */
    @Override
    public void delete(BackupLocation location) {
        backups.delete(key(location));
        if (registry != null) {
            new ReferenceRegistryFile(registry).remove(location.backupId().toString());
        }
    }

    @Override
    public String describe(BackupLocation location) {
        return key(location);
    }

    private Optional<BackupManifest> readManifest(String key) {
        return readManifest(key, registryEntries());
    }

    private Optional<BackupManifest> readManifest(String key, Map<String, JsonNode> entries) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return read(key).map(stored -> {
            ReferenceBackupData data = ReferenceBackupData.parse(stored);
            if (!data.backupId().equals(m.group(2)) || !data.objectId().equals(m.group(1))) {
                throw new ArchiveFormatException("reference backup " + key + " names backup " + data.backupId()
                        + " of " + data.objectId() + ", not the one its key says");
            }
            byte[] archive = archive(data);
            JsonNode entry = entries.get(data.backupId());
            Instant expires = null;
            String description = null;
            Map<String, String> tags = new LinkedHashMap<>();
            if (entry != null) {
                expires = retention(entry.path("retention")).map(data.createdAt()::plus).orElse(null);
                description = entry.path("description").isTextual() ? entry.path("description").textValue() : null;
                entry.path("tags").fields().forEachRemaining(t -> tags.put(t.getKey(), t.getValue().asText()));
            }
            return new BackupManifest(ArchiveFormat.VERSION, data.backupId(), data.objectName(), data.objectId(),
                    streamIdentifier(data.objectId()), data.streamVersion(), data.eventCount(),
                    // The document's eventCount, not the events': validate then reports a backup that lost some.
                    data.createdAt(), expires, description, tags, false, false, false, 0, 0, Compression.NONE,
                    archive.length, sha256(archive), null, TOOL);
        });
    }

    /** The backup as an archive of esbackup's format, uncompressed; the same backup gives the same bytes. */
    private static byte[] archive(ReferenceBackupData data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] id : new String[][] {{"objectName", data.objectName()}, {"objectId", data.objectId()}}) {
            String problem = Ids.problem(id[1]);
            if (problem != null) {
                throw new ArchiveFormatException("reference backup " + data.backupId() + "'s " + id[0] + " " + problem);
            }
        }
        try (ArchiveWriter w = new ArchiveWriter(out, Compression.NONE)) {
            StreamInformation stream = new StreamInformation(streamIdentifier(data.objectId()), "blob",
                    data.streamVersion(), null, null, null, Map.of());
            w.start(new ArchiveHeader(ArchiveFormat.VERSION, data.backupId(), data.objectName(), data.objectId(),
                    data.createdAt(), stream, StreamHeader.of(data.objectName(), data.objectId()), null));
            for (var it = data.events(); it.hasNext(); ) {
                w.event(it.next());
            }
            w.finish();
        } catch (IOException e) {
            throw new IllegalStateException("writing an archive in memory failed", e);
        }
        return out.toByteArray();
    }

    /** The reference's stream identifier for a new document of {@code objectId}. */
    static String streamIdentifier(String objectId) {
        String base = objectId.replace("-", "");
        return (base.length() > 150 ? base.substring(0, 150) : base) + "-0000000000";
    }

    /** The registry's entries by backup id; none without a registry. */
    private Map<String, JsonNode> registryEntries() {
        return registry == null ? new LinkedHashMap<>() : new ReferenceRegistryFile(registry).entries();
    }

    /** A .NET TimeSpan in its "c" form, {@code [d.]hh:mm:ss[.fffffff]}. */
    static Optional<Duration> retention(JsonNode v) {
        if (!v.isTextual()) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("(-)?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,7}))?").matcher(v.textValue());
        if (!m.matches()) {
            return Optional.empty();
        }
        Duration d = Duration.ofDays(m.group(2) == null ? 0 : Long.parseLong(m.group(2)))
                .plusHours(Long.parseLong(m.group(3))).plusMinutes(Long.parseLong(m.group(4)))
                .plusSeconds(Long.parseLong(m.group(5)))
                .plusNanos(m.group(6) == null ? 0 : Long.parseLong((m.group(6) + "0000000").substring(0, 7)) * 100);
        return Optional.of(m.group(1) == null ? d : d.negated());
    }

    private static String key(BackupLocation location) {
        return PREFIX + location.objectId() + "/" + location.backupId() + ".backup.json";
    }

    private Optional<byte[]> read(String key) {
        return readFrom(backups, key);
    }

    private static Optional<byte[]> readFrom(BlobStore store, String key) {
        Optional<Blob> blob = store.read(key);
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        try (Blob b = blob.get(); InputStream in = b.content()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new StorageException("reading " + key, e);
        }
    }

    private static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }
}
