package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.model.Ids;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which backups {@code listBackups} returns, newest first. Every field is optional.
 *
 * @param createdAfter   inclusive lower bound of {@code createdAt}
 * @param createdBefore  exclusive upper bound of {@code createdAt}
 * @param tags           every tag given must be present with that value
 * @param maxResults     at most this many (positive), or {@code null} for all
 * @param includeExpired also return backups whose retention has run out but that are not cleaned up yet
 * @param location       only backups in this location ({@link BackupOptions#location()}); {@code null} for
 *                       backups in every location
 */
public record BackupQuery(
        String objectName,
        String objectId,
        Instant createdAfter,
        Instant createdBefore,
        Map<String, String> tags,
        Integer maxResults,
        boolean includeExpired,
        String location) {

    /** Every unexpired backup, in every location. */
    public static final BackupQuery ALL = builder().build();

    public BackupQuery {
        if (objectName != null) {
            Ids.requireValid("objectName", objectName);
        }
        if (objectId != null) {
            Ids.requireValid("objectId", objectId);
            if (objectName == null) {
                throw new IllegalArgumentException("objectId requires objectName");
            }
        }
        if (location != null) {
            for (String segment : location.split("/", -1)) {
                Ids.requireValid("location", segment);
            }
        }
        if (maxResults != null && maxResults <= 0) {
            throw new IllegalArgumentException("maxResults must be positive, was " + maxResults);
        }
        if (createdAfter != null && createdBefore != null && !createdAfter.isBefore(createdBefore)) {
            throw new IllegalArgumentException("createdAfter must be before createdBefore");
        }
        tags = BackupOptions.checkedTags(tags);
    }

    /**
     * Whether {@code manifest} passes every filter that depends on the manifest alone: object name and id,
     * location, created range and tags. Not {@code includeExpired}, which depends on the time, nor
     * {@code maxResults}, which limits a whole listing.
     */
    public boolean matches(BackupManifest manifest) {
        return (objectName == null || objectName.equals(manifest.objectName()))
                && (objectId == null || objectId.equals(manifest.objectId()))
                && (location == null || location.equals(manifest.location()))
                && (createdAfter == null || !manifest.createdAt().isBefore(createdAfter))
                && (createdBefore == null || manifest.createdAt().isBefore(createdBefore))
                && tags.entrySet().stream().allMatch(t -> t.getValue().equals(manifest.tags().get(t.getKey())));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link BackupQuery}. */
    public static final class Builder {
        private String objectName;
        private String objectId;
        private Instant createdAfter;
        private Instant createdBefore;
        private final Map<String, String> tags = new TreeMap<>();
        private Integer maxResults;
        private boolean includeExpired;
        private String location;

        private Builder() {}

        public Builder objectName(String v) { objectName = v; return this; }
        public Builder objectId(String v) { objectId = v; return this; }
        public Builder createdAfter(Instant v) { createdAfter = v; return this; }
        public Builder createdBefore(Instant v) { createdBefore = v; return this; }
        public Builder tag(String key, String value) { tags.put(key, value); return this; }
        public Builder tags(Map<String, String> v) {
            if (v == null) {
                throw new IllegalArgumentException("tags must not be null (leave them out to match any)");
            }
            tags.putAll(v);
            return this;
        }
        public Builder maxResults(Integer v) { maxResults = v; return this; }
        public Builder includeExpired(boolean v) { includeExpired = v; return this; }
        public Builder location(String v) { location = v; return this; }

        public BackupQuery build() {
            return new BackupQuery(objectName, objectId, createdAfter, createdBefore, tags, maxResults,
                    includeExpired, location);
        }
    }
}
