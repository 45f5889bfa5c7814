package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.archive.ChainLink;
import io.esbackup.internal.Hash64;
import io.esbackup.internal.LongLongTable;
import io.esbackup.store.ListedFingerprints;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The parents of a bulk incremental run, built once from one listing of every manifest (the registry's where
 * there is one) rather than a listing per aggregate. Compact: an open-addressing table keyed by a 64-bit hash
 * of location, object name and object id, holding the newest unexpired backup's id and creation time, and
 * hashes of what it recorded of its document and stream, seven longs per slot at a load of at most one half
 * (112 to 224 bytes an aggregate as the table fills). A parent found here is read by id and confirmed to be
 * that aggregate's ({@link #confirmed}), so a hash collision costs a full backup, never a wrong chain; or,
 * where a listing of the store shows the aggregate's document and stream exactly as the parent recorded them,
 * it is taken as unchanged without a read ({@link #unchangedParent}).
 */
final class ParentIndex implements ParentLookup {
    private final BackupCatalog catalog;
    private long[] keys = new long[1024];
    private long[] idHigh = new long[1024];
    private long[] idLow = new long[1024];
    private long[] created = new long[1024]; // epoch nanoseconds; 0 = empty slot
    // Hashes of the parent's stream identifier, document ETag and stream fingerprint; 0 where the parent cannot
    // be taken as unchanged from a listing (see listable).
    private long[] streamHash = new long[1024];
    private long[] etagHash = new long[1024];
    private long[] fingerprintHash = new long[1024];
    private int size;
    private final BackupOptions options;
    private final Instant now;

    private ParentIndex(BackupCatalog catalog, BackupOptions options, Instant now) {
        this.catalog = catalog;
        this.options = options;
        this.now = now;
    }

    /** Every unexpired backup of {@code objectName} in {@code options}' location, newest per aggregate. */
    static ParentIndex build(BackupCatalog catalog, BackupOptions options, String objectName, Instant now) {
        ParentIndex index = new ParentIndex(catalog, options, now);
        String location = options.location();
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
     * The parent of {@code objectId} if {@code listed} shows its document with the ETag, and its stream with the
     * fingerprint, that the parent recorded: then the aggregate is as the parent holds it (the document names
     * the stream and its version), and nothing of it needs reading. Empty when the listing differs or the parent
     * cannot be judged so ({@link #listable}); the aggregate is then read and decided as usual.
     */
    Optional<UUID> unchangedParent(String objectName, String objectId, ListedFingerprints listed) {
        int slot = find(key(options.location(), objectName, objectId));
        if (created[slot] == 0 || etagHash[slot] == 0 || !listed.documentIs(objectId, etagHash[slot])
                || !listed.streamIs(streamHash[slot], fingerprintHash[slot])) {
            return Optional.empty();
        }
        return Optional.of(new UUID(idHigh[slot], idLow[slot]));
    }

    /**
     * Whether a listing may stand in for reading the aggregate when {@code m} is its parent: {@code m} recorded
     * its document's ETag and a stream fingerprint, holds a non-empty stream (a chunked one is never listed under
     * its identifier, {@code StreamFingerprints}' rule, so it never matches), holds what this run's options include
     * (the run does not encrypt: an encrypted parent stands only while its data key is the aggregate's, which a
     * listing cannot tell), comes from the
     * provider itself (a registry may still list a backup deleted behind its back), and does not expire within a
     * day of the run's start (a run does not last that long, so the parent still exists when the run reports
     * the aggregate unchanged). Anything else is read and decided as before.
     */
    private boolean listable(BackupManifest m) {
        ChainLink c = m.chain();
        return c != null && c.documentEtag() != null && c.streamFingerprint() != null && c.documentSha256() != null
                && m.streamVersion() >= 0 && IncrementalBackup.sameIncludes(options, m) && !options.encrypt()
                && catalog.registry().isEmpty()
                && (m.expiresAt() == null || m.expiresAt().isAfter(now.plus(LISTED_PARENT_LIFETIME)));
    }

    /** How long a parent taken as unchanged from a listing must stay unexpired after the run's start. */
    static final Duration LISTED_PARENT_LIFETIME = Duration.ofDays(1);

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
        boolean listable = listable(m);
        streamHash[slot] = listable ? ListedFingerprints.hash(m.streamIdentifier()) : 0;
        etagHash[slot] = listable ? ListedFingerprints.hash(m.chain().documentEtag()) : 0;
        fingerprintHash[slot] = listable ? ListedFingerprints.hash(m.chain().streamFingerprint()) : 0;
        if (size * 2 > keys.length) {
            grow();
        }
    }

    private int find(long key) {
        return LongLongTable.slot(keys, key); // keys are Hash64 values, never 0: 0 marks an empty slot
    }

    private void grow() {
        long[] k = keys;
        long[] h = idHigh;
        long[] l = idLow;
        long[] c = created;
        long[] s = streamHash;
        long[] e = etagHash;
        long[] f = fingerprintHash;
        int n = k.length * 2;
        keys = new long[n];
        idHigh = new long[n];
        idLow = new long[n];
        created = new long[n];
        streamHash = new long[n];
        etagHash = new long[n];
        fingerprintHash = new long[n];
        for (int i = 0; i < k.length; i++) {
            if (c[i] != 0) {
                int slot = find(k[i]);
                keys[slot] = k[i];
                idHigh[slot] = h[i];
                idLow[slot] = l[i];
                created[slot] = c[i];
                streamHash[slot] = s[i];
                etagHash[slot] = e[i];
                fingerprintHash[slot] = f[i];
            }
        }
    }

    private static long nanos(Instant t) {
        // Never 0, which marks an empty slot; an instant of exactly the epoch is taken one nanosecond later.
        long n = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        return n == 0 ? 1 : n;
    }

    /** The table's key of an aggregate in a location. */
    static long key(String location, String objectName, String objectId) {
        return Hash64.of(location, objectName, objectId);
    }
}
