package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where an incremental backup finds its parent: the newest committed, unexpired backup of the same aggregate in
 * the same location, its manifest as the provider keeps it. One backup lists that aggregate's manifests
 * ({@link #perAggregate}); a bulk run looks them up in a {@link ParentIndex} built once.
 */
interface ParentLookup {
    /** Newest first, ties broken by backup id, as listings order them. */
    Comparator<BackupManifest> NEWEST = Comparator.comparing(BackupManifest::createdAt)
            .thenComparing(BackupManifest::backupId, Comparator.reverseOrder());

    Optional<BackupManifest> parent(String location, String objectName, String objectId, Instant now);

    /** Lists the aggregate's own manifests (the registry's where there is one, then confirmed by id). */
    static ParentLookup perAggregate(BackupCatalog catalog) {
        return (location, objectName, objectId, now) -> {
            Optional<BackupManifest> newest;
            try (Stream<BackupManifest> all = catalog.aggregateManifests(location, objectName, objectId)) {
                newest = all.filter(m -> !m.expiredAt(now)).max(NEWEST);
            }
            return newest.flatMap(m -> catalog.registry().isEmpty() ? Optional.of(m) : ParentIndex.confirmed(
                    catalog, java.util.UUID.fromString(m.backupId()), location, objectName, objectId, now));
        };
    }
}
