package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.EncryptionInfo;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.ConflictException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data keys of one copy run (docs/ARCHITECTURE.md section 7c, "Encrypted backups"): an encrypted backup's key
 * goes to the destination before the backup, byte for byte, and a shred at the source since an earlier copy is
 * carried to the destination's copy of the destroyed key.
 */
final class CopyKeys {
    private static final Logger LOG = LoggerFactory.getLogger(CopyKeys.class);

    private final BackupProvider source;
    private final BackupProvider destination;
    private final BackupCatalog catalog;
    private final boolean dryRun;
    private final AtomicLong shredsCarried = new AtomicLong();
    // A dry run shreds nothing, so an aggregate whose destroyed key many backups name is counted once.
    private final Set<String> wouldShred = ConcurrentHashMap.newKeySet();
    // One worker at a time looks at and changes an aggregate's key at the destination: a worker carrying a
    // shred that read the old key before another put the new one there would delete the new one. Striped, so
    // memory does not grow with the aggregates.
    private final Object[] locks = new Object[64];

    CopyKeys(BackupProvider source, BackupProvider destination, BackupCatalog catalog, boolean dryRun) {
        this.source = source;
        this.destination = destination;
        this.catalog = catalog;
        this.dryRun = dryRun;
        Arrays.setAll(locks, i -> new Object());
    }

    /** Aggregates whose key this run shredded at the destination too (in a dry run: would). */
    long shredsCarried() {
        return shredsCarried.get();
    }

    /**
     * The data key of encrypted {@code m} at the destination before the backup: {@code false} when there is
     * none to copy since it was shredded at the source (the backup is unreadable anywhere; the shred is carried
     * over). A destination holding another key for the aggregate cannot read the backup: a conflict.
     */
    boolean copied(BackupManifest m) {
        Object lock = locks[Math.floorMod((m.objectName() + "/" + m.objectId()).hashCode(), locks.length)];
        synchronized (lock) {
            return copiedAlone(m);
        }
    }

    private boolean copiedAlone(BackupManifest m) {
        EncryptionInfo info = m.encryption();
        DataKeys from = keys(source, "the source");
        Optional<byte[]> key = from.read(m.objectName(), m.objectId());
        if (!info.dataKeyId().equals(key.map(EncryptedIntegrity::dataKeyId).orElse(null))) {
            if (from.shredded(m.objectName(), m.objectId())) {
                carryShred(m.objectName(), m.objectId(), info.dataKeyId());
                return false;
            }
            throw new BackupCorruptedException(m.backupId(), List.of("its data key " + info.dataKey()
                    + " is missing at the source (and no shred says why); not copied"));
        }
        DataKeys to = keys(destination, "the destination");
        Optional<byte[]> theirs = to.read(m.objectName(), m.objectId());
        String theirId = theirs.map(EncryptedIntegrity::dataKeyId).orElse(null);
        if (theirs.isPresent() && !Arrays.equals(theirs.get(), key.get()) && !info.dataKeyId().equals(theirId)
                && shreddedAtSource(m, theirId, from)) {
            // The aggregate was shredded at the source and has a new key since; the destination still holds
            // the destroyed one, copied before the shred: the shred goes first, then the new key.
            carryShred(m.objectName(), m.objectId(), theirId);
            theirs = dryRun ? Optional.empty() : to.read(m.objectName(), m.objectId());
        }
        if (theirs.isEmpty() && !dryRun && !to.create(m.objectName(), m.objectId(), key.get())) {
            theirs = to.read(m.objectName(), m.objectId()); // made just now by another copy
        }
        if (theirs.isPresent() && !Arrays.equals(theirs.get(), key.get())) {
            throw new ConflictException("the destination holds another data key for " + m.objectName() + "/"
                    + m.objectId() + " (key " + EncryptedIntegrity.dataKeyId(theirs.get()) + "): backup "
                    + m.backupId() + ", encrypted under key " + info.dataKeyId() + ", could not be read there;"
                    + " not copied" + (from.shredded(m.objectName(), m.objectId()) ? ". The aggregate was "
                    + "shredded at the source, but no backup there names the destination's key: if it is a copy "
                    + "of the shredded one, shred the aggregate at the destination too, then copy again" : ""));
        }
        return true;
    }

    /**
     * Whether {@code keyId}, not the id of the source's key for {@code m}'s aggregate (another object under that
     * id is damaged or foreign: a conflict), is one the source shredded: the aggregate has its tombstone there,
     * and a backup there was encrypted under that key. Only then is a key at the destination known to be a copy
     * of it, and destroyed with it; any other is left.
     */
    private boolean shreddedAtSource(BackupManifest m, String keyId, DataKeys from) {
        if (keyId == null || !from.shredded(m.objectName(), m.objectId())) {
            return false;
        }
        // The backup's own folder first, where the old backups usually are; every location only if not there.
        try (Stream<BackupManifest> own = catalog.aggregateManifests(m.location(), m.objectName(), m.objectId())) {
            if (own.anyMatch(b -> underKey(b, keyId))) {
                return true;
            }
        }
        BackupQuery aggregate = BackupQuery.builder().objectName(m.objectName()).objectId(m.objectId())
                .includeExpired(true).build();
        try (Stream<BackupManifest> listed = catalog.matching(aggregate)) {
            return listed.anyMatch(b -> underKey(b, keyId));
        }
    }

    private static boolean underKey(BackupManifest b, String keyId) {
        return b.encrypted() && keyId.equals(b.encryption().dataKeyId());
    }

    /**
     * If the destination still holds key {@code keyId}, shredded at the source, shred it there too (a dry run
     * counts each aggregate it would shred, once).
     */
    private void carryShred(String objectName, String objectId, String keyId) {
        DataKeys to = destination.capability(DataKeys.class).orElse(null);
        if (to == null) {
            return;
        }
        Optional<byte[]> theirs = to.read(objectName, objectId);
        if (theirs.isEmpty() || !keyId.equals(EncryptedIntegrity.dataKeyId(theirs.get()))) {
            return;
        }
        if (dryRun) {
            if (wouldShred.add(objectName + "/" + objectId)) {
                shredsCarried.incrementAndGet();
            }
            return;
        }
        if (to.shred(objectName, objectId)) {
            shredsCarried.incrementAndGet();
            LOG.info("Shredded {}/{} at the destination too: it was shredded at the source", objectName,
                    objectId);
        }
    }

    private static DataKeys keys(BackupProvider provider, String which) {
        return provider.capability(DataKeys.class).orElseThrow(() -> new IllegalArgumentException(
                which + " (" + provider.getClass().getSimpleName() + ") keeps no data keys, so it holds no "
                        + "encrypted backups"));
    }
}
