package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.model.Ids;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An index of finished backups, so that get, list and clean-up need not read every manifest when there
 * are millions of them. Optional: without one the service reads the {@link BackupProvider}'s manifests,
 * and with one the manifests stay the source of truth, so a registry that fell behind can always be
 * rebuilt from them ({@link BackupRestoreService#rebuildRegistry()}).
 *
 * <p>An entry is the manifest of one backup, keyed by its backup id. Implementations keep one entry per
 * id (a row, an item, an object) and change it on its own, so that writes never lose each other, even
 * from many threads or processes at once (bulk backups write concurrently, and sharded workers share one
 * registry): a registry must not be one shared document that each write reads, changes and writes back.
 * Every method is thread-safe and rejects a {@code null} argument with an {@link IllegalArgumentException}.
 * The testkit's {@code BackupRegistryConformance} checks all of this.
 */
public interface BackupRegistry {

    /**
     * Records the manifest of a committed backup. Idempotent: a manifest whose backup id is already
     * recorded replaces that entry, so recording the same manifest twice leaves one entry.
     *
     * @throws IllegalArgumentException if {@code manifest} is not one a provider could have written
     *                                  ({@link #requireRecordable})
     */
    void record(BackupManifest manifest);

    /** Removes the entry of {@code backupId}; returns whether there was one. */
    boolean remove(UUID backupId);

    /** The manifest recorded for {@code backupId}. */
    Optional<BackupManifest> find(UUID backupId);

    /**
     * The recorded manifests for which {@link BackupQuery#matches(BackupManifest)} holds (object name and
     * id, location, created range, tags; exactly, not a superset), lazily and in no particular order.
     * {@code includeExpired} and {@code maxResults} are ignored, so expired manifests are returned too: the
     * caller decides expiry with its own clock, and sorts and limits.
     *
     * <p>The stream is weakly consistent: it may stay open while entries are recorded and removed (the
     * service removes entries while it reads a query); an entry changed meanwhile may or may not appear,
     * any other appears exactly once. Close it.
     */
    Stream<BackupManifest> query(BackupQuery query);

    /**
     * Checks that {@code manifest} can be recorded and returns its backup id: not {@code null}; a backup id
     * that is a UUID in canonical (lower-case) form; valid object name, object id and location segments;
     * and the fields the manifest format requires ({@code streamIdentifier}, {@code createdAt},
     * {@code compression}, {@code sha256}), so a registry may keep manifests in their JSON form.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    static UUID requireRecordable(BackupManifest manifest) {
        if (manifest == null) {
            throw new IllegalArgumentException("manifest must not be null");
        }
        UUID id = parseId(manifest.backupId());
        Ids.requireValid("manifest.objectName", manifest.objectName());
        Ids.requireValid("manifest.objectId", manifest.objectId());
        if (manifest.location() != null) {
            for (String segment : manifest.location().split("/", -1)) {
                Ids.requireValid("manifest.location", segment);
            }
        }
        requirePresent("manifest.streamIdentifier", manifest.streamIdentifier());
        requirePresent("manifest.createdAt", manifest.createdAt());
        requirePresent("manifest.compression", manifest.compression());
        requirePresent("manifest.sha256", manifest.sha256());
        return id;
    }

    private static UUID parseId(String backupId) {
        try {
            UUID id = UUID.fromString(String.valueOf(backupId));
            // UUID.fromString also accepts short forms such as 1-2-3-4-5; one id must have one spelling.
            if (id.toString().equals(backupId)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException("manifest.backupId must be a UUID in canonical form, was '" + backupId
                + "'");
    }

    private static void requirePresent(String argument, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(argument + " must not be null");
        }
    }
}
