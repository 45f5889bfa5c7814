package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.error.BackupCorruptedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The parents of a bulk incremental run, built once from one listing of every manifest (the registry's where
 * there is one) rather than a listing per aggregate. Compact: an open-addressing table keyed by a 64-bit hash
 * of location, object name and object id, holding the newest unexpired backup's id and creation time, four
 * longs per slot at a load of at most one half, so about 64 bytes per aggregate (64 MB for a million). A
 * parent found here is read by id and confirmed to be that aggregate's ({@link #confirmed}), so a hash
 * collision costs a full backup, never a wrong chain.
 */
final class ParentIndex implements ParentLookup {
    private final BackupCatalog catalog;
    private long[] keys = new long[1024];
    private long[] idHigh = new long[1024];
    private long[] idLow = new long[1024];
    private long[] created = new long[1024]; // epoch nanoseconds; 0 = empty slot
    private int size;

    private ParentIndex(BackupCatalog catalog) {
        this.catalog = catalog;
    }

    /** Every unexpired backup of {@code objectName} in {@code location}, newest per aggregate. */
    static ParentIndex build(BackupCatalog catalog, String location, String objectName, Instant now) {
        ParentIndex index = new ParentIndex(catalog);
        try (Stream<BackupManifest> all = catalog.allManifests()) {
            all.filter(m -> objectName.equals(m.objectName()) && Objects.equals(location, m.location())
                    && !m.expiredAt(now)).forEach(index::add);
        }
        return index;
    }

    int size() {
        return size;
    }

    @Override
    public Optional<BackupManifest> parent(String location, String objectName, String objectId, Instant now) {
        int slot = find(key(location, objectName, objectId));
        if (created[slot] == 0) {
            return Optional.empty();
        }
        return confirmed(catalog, new UUID(idHigh[slot], idLow[slot]), location, objectName, objectId, now);
    }

    /**
     * The provider's manifest of {@code backupId} if it is committed, readable, unexpired and this aggregate's in
     * this location; otherwise empty (the next backup is then a full one).
     */
    static Optional<BackupManifest> confirmed(BackupCatalog catalog, UUID backupId, String location,
                                              String objectName, String objectId, Instant now) {
        try {
            return catalog.fromProvider(backupId).filter(m -> objectName.equals(m.objectName())
                    && objectId.equals(m.objectId()) && Objects.equals(location, m.location()) && !m.expiredAt(now));
        } catch (BackupCorruptedException e) {
            return Optional.empty();
        }
    }

    private void add(BackupManifest m) {
        long key = key(m.location(), m.objectName(), m.objectId());
        long when = nanos(m.createdAt());
        UUID id = UUID.fromString(m.backupId());
        int slot = find(key);
        if (created[slot] != 0 && (created[slot] > when
                || (created[slot] == when && new UUID(idHigh[slot], idLow[slot]).toString().compareTo(m.backupId()) < 0))) {
            return; // the one kept is newer (or, at the same instant, first by id as listings order them)
        }
        if (created[slot] == 0) {
            size++;
        }
        keys[slot] = key;
        idHigh[slot] = id.getMostSignificantBits();
        idLow[slot] = id.getLeastSignificantBits();
        created[slot] = when;
        if (size * 2 > keys.length) {
            grow();
        }
    }

    private int find(long key) {
        int mask = keys.length - 1;
        int slot = (int) (key ^ (key >>> 32)) & mask;
        while (created[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] k = keys;
        long[] h = idHigh;
        long[] l = idLow;
        long[] c = created;
        keys = new long[k.length * 2];
        idHigh = new long[k.length * 2];
        idLow = new long[k.length * 2];
        created = new long[k.length * 2];
        for (int i = 0; i < k.length; i++) {
            if (c[i] != 0) {
                int slot = find(k[i]);
                keys[slot] = k[i];
                idHigh[slot] = h[i];
                idLow[slot] = l[i];
                created[slot] = c[i];
            }
        }
    }

    private static long nanos(Instant t) {
        // Never 0, which marks an empty slot; an instant of exactly the epoch is taken one nanosecond later.
        long n = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        return n == 0 ? 1 : n;
    }

    /** FNV-1a over the three ids (separated by a byte no id holds), then MurmurHash3's finaliser. */
    static long key(String location, String objectName, String objectId) {
        long h = 0xcbf29ce484222325L;
        for (String part : new String[] {location == null ? "" : location, objectName, objectId}) {
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
            h = (h ^ 0x1f) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fa8ff9a7bL;
        h ^= h >>> 33;
        return h;
    }
}
