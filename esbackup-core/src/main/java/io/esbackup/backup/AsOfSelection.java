package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import java.time.Instant;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Which backups {@link BackupRestoreService#restoreAsOf} restores: for each aggregate (object name, object id)
 * with a committed backup created at or before a time, its newest such backup; on equal {@code createdAt}
 * the greater backup id (compared as unsigned 128-bit numbers, which is the order of their canonical
 * lower-case spelling), so that the choice does not depend on listing order.
 *
 * <p>The newest backup of an aggregate is known only once every backup is seen, so the whole listing is
 * read before the first restore. Memory grows with the number of aggregates, not with the number of backups
 * or events: one entry per aggregate, holding the object id and four primitives (about 120 bytes on a 64-bit JVM,
 * plus the object id's characters), with each object name kept once.
 */
final class AsOfSelection {
    private final Instant asOf;
    // By object name, then object id: sorted, so the restores run in the same order every time.
    private final NavigableMap<String, NavigableMap<String, Newest>> byName = new TreeMap<>();
    private int size;

    AsOfSelection(Instant asOf) {
        this.asOf = asOf;
    }

    /**
     * Reads every committed backup of {@code objectName} (every object name if {@code null}) created at or
     * before {@code asOf}, expired ones and those in any location included, and returns the chosen backup
     * ids, ordered by object name then object id.
     */
    static AsOfSelection select(BackupCatalog catalog, Instant asOf, String objectName) {
        // createdBefore is exclusive; one nanosecond later makes it "at or before asOf".
        BackupQuery query = BackupQuery.builder().objectName(objectName).includeExpired(true)
                .createdBefore(asOf.equals(Instant.MAX) ? null : asOf.plusNanos(1)).build();
        AsOfSelection selection = new AsOfSelection(asOf);
        try (Stream<BackupManifest> manifests = catalog.matching(query)) {
            manifests.forEach(selection::offer);
        }
        return selection;
    }

    /** Keeps {@code manifest} if it is its aggregate's newest so far at or before the time; ignores it otherwise. */
    void offer(BackupManifest manifest) {
        Instant createdAt = manifest.createdAt();
        if (createdAt.isAfter(asOf)) {
            return;
        }
        UUID id = UUID.fromString(manifest.backupId());
        Map<String, Newest> ids = byName.computeIfAbsent(manifest.objectName(), n -> new TreeMap<>());
        Newest kept = ids.get(manifest.objectId());
        if (kept == null) {
            ids.put(manifest.objectId(), new Newest(createdAt, id));
            size++;
        } else if (kept.isOlderThan(createdAt, id)) {
            kept.set(createdAt, id);
        }
    }

    /** How many aggregates have a backup at or before the time. */
    int size() {
        return size;
    }

    /** The chosen backup ids, by object name then object id; sized, so a bulk run knows its total. */
    Collection<UUID> backupIds() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<UUID> iterator() {
                return byName.values().stream().flatMap(ids -> ids.values().stream()).map(Newest::backupId)
                        .iterator();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The chosen backup ids by aggregate ({@code objectName/objectId}), for tests. */
    Map<String, UUID> chosen() {
        Map<String, UUID> out = new TreeMap<>();
        byName.forEach((name, ids) -> ids.forEach((id, newest) -> out.put(name + "/" + id, newest.backupId())));
        return Collections.unmodifiableMap(out);
    }

    /** One aggregate's newest backup so far, in primitives: no Instant or UUID object kept per aggregate. */
    private static final class Newest {
        private long seconds;
        private int nanos;
        private long idHigh;
        private long idLow;

        Newest(Instant createdAt, UUID id) {
            set(createdAt, id);
        }

        void set(Instant createdAt, UUID id) {
            seconds = createdAt.getEpochSecond();
            nanos = createdAt.getNano();
            idHigh = id.getMostSignificantBits();
            idLow = id.getLeastSignificantBits();
        }

        boolean isOlderThan(Instant createdAt, UUID id) {
            int byTime = Long.compare(seconds, createdAt.getEpochSecond());
            if (byTime == 0) {
                byTime = Integer.compare(nanos, createdAt.getNano());
            }
            if (byTime != 0) {
                return byTime < 0;
            }
            int byId = Long.compareUnsigned(idHigh, id.getMostSignificantBits());
            if (byId == 0) {
                byId = Long.compareUnsigned(idLow, id.getLeastSignificantBits());
            }
            return byId < 0;
        }

        UUID backupId() {
            return new UUID(idHigh, idLow);
        }
    }
}
