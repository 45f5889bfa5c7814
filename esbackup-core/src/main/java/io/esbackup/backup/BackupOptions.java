package io.esbackup.backup;

import io.esbackup.archive.Compression;
import io.esbackup.model.Ids;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a backup includes and how it is kept. Defaults follow the reference: events and the object
 * document, no snapshots, no terminated streams, compressed (zstd), kept until deleted.
 *
 * @param location    a sub-folder under {@code backups/} for this backup, or {@code null}
 * @param retention   how long to keep the backup before {@code cleanupExpiredBackups} removes it; positive
 * @param incremental back up relative to the aggregate's newest backup in the same location: nothing when it
 *                    is unchanged, only the new events when events were appended, a full backup otherwise
 *                    (docs/ARCHITECTURE.md, section 5a)
 * @param encrypt     encrypt the archive under the aggregate's data key (docs/ARCHITECTURE.md, section 5b); the
 *                    service needs an {@link ArchiveEncryption}
 */
public record BackupOptions(
        boolean includeSnapshots,
        boolean includeObjectDocument,
        boolean includeTerminatedStreams,
        Compression compression,
        String location,
        Duration retention,
        String description,
        Map<String, String> tags,
        boolean incremental,
        boolean encrypt) {

    /** The longest retention accepted: longer is a mistake (and would overflow dates), not a policy. */
    public static final Duration MAX_RETENTION = Duration.ofDays(36_500);

    /** Events and the object document, zstd, no retention. */
    public static final BackupOptions DEFAULT = builder().build();
    /** Everything: events, snapshots, the object document and terminated streams. */
    public static final BackupOptions FULL = builder().includeSnapshots(true).includeTerminatedStreams(true).build();

    /** Options of a backup that is not encrypted. */
    public BackupOptions(boolean includeSnapshots, boolean includeObjectDocument, boolean includeTerminatedStreams,
                         Compression compression, String location, Duration retention, String description,
                         Map<String, String> tags, boolean incremental) {
        this(includeSnapshots, includeObjectDocument, includeTerminatedStreams, compression, location, retention,
                description, tags, incremental, false);
    }

    public BackupOptions {
        if (compression == null) {
            throw new IllegalArgumentException("compression must not be null (use NONE for none)");
        }
        if (location != null) {
            for (String segment : location.split("/", -1)) {
                Ids.requireValid("location", segment);
            }
        }
        if (retention != null
                && (retention.isNegative() || retention.isZero() || retention.compareTo(MAX_RETENTION) > 0)) {
            throw new IllegalArgumentException("retention must be positive and at most " + MAX_RETENTION.toDays()
                    + " days (100 years), was " + retention);
        }
        if (description != null && description.length() > 4096) {
            throw new IllegalArgumentException("description must be at most 4096 characters");
        }
        tags = checkedTags(tags);
    }

    /** Whether the archive is compressed (the reference's {@code EnableCompression}). */
    public boolean enableCompression() {
        return compression != Compression.NONE;
    }

    static Map<String, String> checkedTags(Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        TreeMap<String, String> copy = new TreeMap<>();
        tags.forEach((k, v) -> {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("tags must not have a blank key");
            }
            if (v == null) {
                throw new IllegalArgumentException("tag '" + k + "' must have a value");
            }
            if (k.length() > 128 || v.length() > 1024) {
                throw new IllegalArgumentException("tag '" + k + "' is too long (keys up to 128, values up to 1024 characters)");
            }
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().includeSnapshots(includeSnapshots).includeObjectDocument(includeObjectDocument)
                .includeTerminatedStreams(includeTerminatedStreams).compression(compression).location(location)
                .retention(retention).description(description).tags(tags).incremental(incremental)
                .encrypt(encrypt);
    }

    /** Builds {@link BackupOptions}; {@link #build} validates. */
    public static final class Builder {
        private boolean includeSnapshots;
        private boolean includeObjectDocument = true;
        private boolean includeTerminatedStreams;
        private Compression compression = Compression.ZSTD;
        private String location;
        private Duration retention;
        private String description;
        private Map<String, String> tags = new TreeMap<>();
        private boolean incremental;
        private boolean encrypt;

        private Builder() {}

        public Builder includeSnapshots(boolean v) { includeSnapshots = v; return this; }
        public Builder includeObjectDocument(boolean v) { includeObjectDocument = v; return this; }
        public Builder includeTerminatedStreams(boolean v) { includeTerminatedStreams = v; return this; }
        /** {@code false} stores plain JSON; {@code true} restores the default, zstd. */
        public Builder enableCompression(boolean v) { compression = v ? Compression.ZSTD : Compression.NONE; return this; }
        public Builder compression(Compression v) { compression = v; return this; }
        public Builder location(String v) { location = v; return this; }
        public Builder retention(Duration v) { retention = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder tags(Map<String, String> v) { tags = v == null ? new TreeMap<>() : new TreeMap<>(v); return this; }
        public Builder tag(String key, String value) { tags.put(key, value); return this; }
        /** Back up only what changed since the aggregate's newest backup in the same location. */
        public Builder incremental(boolean v) { incremental = v; return this; }
        /** Encrypt the archive under the aggregate's data key (the service needs an {@link ArchiveEncryption}). */
        public Builder encrypt(boolean v) { encrypt = v; return this; }

        public BackupOptions build() {
            return new BackupOptions(includeSnapshots, includeObjectDocument, includeTerminatedStreams, compression,
                    location, retention, description, tags, incremental, encrypt);
        }
    }
}
