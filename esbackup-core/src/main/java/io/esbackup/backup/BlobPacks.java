package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.NotFoundException;
import io.esbackup.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packed backups of a {@link BlobBackupProvider} (docs/FORMAT.md, section 15), read, deleted and swept:
 * {@code packs/{run}/run.json} (the commit), {@code {pack}.pack} (the archives), {@code {pack}.index} (fixed
 * records, then the manifests) and {@code deleted/{backupId}} (what delete hides).
 */
final class BlobPacks {
    static final String PACKS = "packs/";
    private static final String COMMIT = "run.json";
    private static final String DELETED = "deleted/";
    private static final Logger LOG = LoggerFactory.getLogger(BlobPacks.class);
    private static final int CACHED_HEADERS = 1024;
    /**
     * Different entries of one index looked up before it is read whole (one restore looks its entry up several
     * times); indexes of more entries are always read by range.
     */
    private static final int WHOLE_AFTER = 3;
    private static final int WHOLE_MAX_ENTRIES = 8192;
    /** Whole indexes kept: a few MB each (4,096 entries of about 600 bytes), for a bulk run's open packs. */
    private static final int CACHED_INDEXES = 8;

    private final BlobStore blobs;
    // A committed index never changes, so its header is read once; a reclaimed one is simply no longer found.
    private final Map<String, PackIndex.Header> headers = lru(CACHED_HEADERS);

    private final Map<String, byte[]> wholeIndexes = lru(CACHED_INDEXES);
    private final Map<String, Set<Long>> lookups = lru(CACHED_HEADERS);

    private static <V> Map<String, V> lru(int max) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        });
    }

    BlobPacks(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** A live entry: where it is and its manifest. */
    record Found(BackupLocation location, BackupManifest manifest, PackedId id, PackIndex.Slot slot) {}

    /** The committed, undeleted entry with this id; empty if there is none. */
    Optional<Found> find(PackedId id) {
        String indexKey = indexKey(id.run(), id.pack());
        Optional<PackIndex.Header> header = header(id.run(), indexKey);
        if (header.isEmpty() || id.ordinal() >= header.get().entryCount()) {
            return Optional.empty();
        }
        byte[] whole = wholeIndex(indexKey, header.get(), id.ordinal());
        PackIndex.Slot slot;
        byte[] manifestBytes;
        if (whole != null) {
            slot = PackIndex.slot(indexKey, whole, (int) header.get().recordOffset(id.ordinal()), header.get(),
                    whole.length);
            manifestBytes = !slot.live() ? null : Arrays.copyOfRange(whole, (int) slot.manifestOffset(),
                    (int) slot.manifestOffset() + slot.manifestLength());
        } else {
            Optional<Range> record = range(indexKey, header.get().recordOffset(id.ordinal()), PackIndex.RECORD);
            if (record.isEmpty()) {
                return Optional.empty();
            }
            slot = PackIndex.slot(indexKey, record.get().bytes(), 0, header.get(), record.get().blobSize());
            manifestBytes = !slot.live() ? null : range(indexKey, slot.manifestOffset(), slot.manifestLength())
                    .map(Range::bytes).orElse(new byte[0]);
        }
        if (!slot.live()) {
            return Optional.empty();
        }
        if (manifestBytes.length != slot.manifestLength()) {
            throw new ArchiveFormatException("pack index " + indexKey + " is damaged: the manifest of entry "
                    + id.ordinal() + " is cut short");
        }
        if (blobs.stat(tombstoneKey(id)).isPresent()) {
            return Optional.empty();
        }
        BackupManifest manifest = ManifestCodec.fromBytes(manifestBytes);
        UUID uuid = id.toUuid();
        if (!manifest.backupId().equals(uuid.toString())) {
            throw new ArchiveFormatException("pack index " + indexKey + " is damaged: entry " + id.ordinal()
                    + " holds the manifest of backup " + manifest.backupId() + ", not " + uuid);
        }
        return Optional.of(new Found(new BackupLocation(uuid, manifest.objectName(), manifest.objectId(),
                manifest.location()), manifest, id, slot));
    }

    /**
     * The whole index, once it has been looked up often enough to be worth one read instead of two range reads
     * per entry (a bulk run confirming its parents, a bulk restore); a single lookup stays two range reads. A
     * committed index never changes, but a clean-up may reclaim it: a cached one is used only while it is there.
     */
    private byte[] wholeIndex(String indexKey, PackIndex.Header header, long ordinal) {
        byte[] cached = wholeIndexes.get(indexKey);
        if (cached != null) {
            if (blobs.stat(indexKey).isPresent()) {
                return cached;
            }
            wholeIndexes.remove(indexKey);
            return null;
        }
        if (header.entryCount() > WHOLE_MAX_ENTRIES || distinctLookups(indexKey, ordinal) < WHOLE_AFTER) {
            return null;
        }
        byte[] whole = blobs.readAllBytes(indexKey).orElse(null);
        if (whole != null) {
            wholeIndexes.put(indexKey, whole);
            lookups.remove(indexKey);
        }
        return whole;
    }

    private int distinctLookups(String indexKey, long ordinal) {
        synchronized (lookups) {
            Set<Long> seen = lookups.computeIfAbsent(indexKey, k -> new HashSet<>());
            seen.add(ordinal);
            return seen.size();
        }
    }

    /** The header of a committed run's index, from the cache or read now. */
    private Optional<PackIndex.Header> header(long run, String indexKey) {
        PackIndex.Header cached = headers.get(indexKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (blobs.stat(commitKey(run)).isEmpty()) {
            return Optional.empty(); // not committed (yet, or ever): none of its entries exists
        }
        Optional<PackIndex.Header> header = range(indexKey, 0, PackIndex.HEADER)
                .map(r -> PackIndex.header(indexKey, r.bytes()));
        header.ifPresent(h -> headers.put(indexKey, h));
        return header;
    }

    /** Bytes read from a blob, and the whole blob's size. */
    private record Range(byte[] bytes, long blobSize) {}

    private Optional<Range> range(String key, long offset, long length) {
        return blobs.readRange(key, offset, length).map(blob -> {
            try (blob; InputStream in = blob.content()) {
                return new Range(in.readAllBytes(), blob.info().size());
            } catch (IOException e) {
                throw new StorageException("reading blob " + key, e);
            }
        });
    }

    /** The archive's stored bytes, read from its pack. */
    InputStream openArchive(Found entry) {
        String key = packKey(entry.id().run(), entry.id().pack());
        return blobs.readRange(key, entry.slot().archiveOffset(), entry.slot().archiveLength()).map(Blob::content)
                .orElseThrow(() -> new NotFoundException("pack " + key + " is missing"));
    }

    /** Hides the entry at once (a tombstone); its pack's space is reclaimed by {@link #sweep}. */
    void delete(PackedId id) {
        try {
            blobs.write(tombstoneKey(id), WriteCondition.createOnly(), new byte[0]);
        } catch (AlreadyExistsException e) {
            // deleted before: deleting again changes nothing
        }
    }

    /** Every live entry's manifest, run by run, lazily. Close the stream. */
    Stream<BackupManifest> listManifests() {
        return committedRuns().flatMap(run -> entries(run, true)).map(e -> e.manifest);
    }

    /** Every live entry's id, manifests readable or not, lazily. Close the stream. */
    Stream<UUID> listIds() {
        return committedRuns().flatMap(run -> entries(run, false)).map(e -> e.id.toUuid());
    }

    /** The manifests of one run's live entries. */
    Stream<BackupManifest> runManifests(long run) {
        return entries(run, true).map(e -> e.manifest);
    }

    private Stream<Long> committedRuns() {
        return blobs.list(PACKS).map(b -> runOf(b.key(), COMMIT)).flatMap(Optional::stream);
    }

    private record Listed(PackedId id, BackupManifest manifest) {}

    /** The run's live entries; with {@code manifests}, each with its manifest (a damaged one is skipped). */
    private Stream<Listed> entries(long run, boolean manifests) {
        Optional<PackRunCommit> commit;
        try {
            commit = blobs.readAllBytes(commitKey(run)).map(b -> PackRunCommit.fromBytes(commitKey(run), b));
        } catch (ArchiveFormatException e) {
            // One run this version cannot read (damaged, or newer) must not hide every other backup.
            LOG.warn("Skipping pack run {}: {}", PackedId.runName(run), e.getMessage());
            return Stream.empty();
        }
        if (commit.isEmpty()) {
            return Stream.empty();
        }
        Set<UUID> deleted = tombstones(run);
        return commit.get().packs().stream().flatMap(pack -> {
            String key = indexKey(run, pack.number());
            Optional<byte[]> index = blobs.readAllBytes(key);
            if (index.isEmpty()) {
                return Stream.empty(); // reclaimed
            }
            List<Listed> out = new ArrayList<>();
            try {
                PackIndex.Header header = PackIndex.header(key, index.get());
                for (int i = 0; i < header.entryCount(); i++) {
                    PackIndex.Slot slot = PackIndex.slot(key, index.get(), (int) header.recordOffset(i), header,
                            index.get().length);
                    PackedId id = new PackedId(run, pack.number(), i);
                    if (!slot.live() || deleted.contains(id.toUuid())) {
                        continue;
                    }
                    out.add(new Listed(id, manifests ? manifest(key, index.get(), slot) : null));
                }
            } catch (ArchiveFormatException e) {
                LOG.warn("Skipping pack index {}: {}", key, e.getMessage());
            }
            return out.stream().filter(l -> !manifests || l.manifest() != null);
        });
    }

    private static BackupManifest manifest(String key, byte[] index, PackIndex.Slot slot) {
        try {
            int from = (int) slot.manifestOffset();
            return ManifestCodec.fromBytes(Arrays.copyOfRange(index, from, from + slot.manifestLength()));
        } catch (ArchiveFormatException | IllegalArgumentException e) {
            LOG.warn("Skipping an unreadable manifest in {}: {}", key, e.getMessage());
            return null;
        }
    }

    private Set<UUID> tombstones(long run) {
        Set<UUID> deleted = new HashSet<>();
        String prefix = runPrefix(run) + DELETED;
        try (Stream<BlobInfo> all = blobs.list(prefix)) {
            all.forEach(b -> {
                try {
                    deleted.add(UUID.fromString(b.key().substring(prefix.length())));
                } catch (IllegalArgumentException e) {
                    // not one of ours
                }
            });
        }
        return deleted;
    }

    /**
     * Removes the leftovers of runs that never committed, last written before {@code modifiedBefore}, and
     * reclaims each pack all of whose live entries are deleted: index first (its entries are gone at once),
     * then the data, then the tombstones; a run with no pack left loses its commit object last.
     */
    PackSweep sweep(Instant modifiedBefore, boolean dryRun) {
        Map<Long, List<BlobInfo>> runs = new HashMap<>();
        try (Stream<BlobInfo> all = blobs.list(PACKS)) {
            all.forEach(b -> runOf(b.key(), null).ifPresent(run -> runs.computeIfAbsent(run, r -> new ArrayList<>())
                    .add(b)));
        }
        PackSweep total = PackSweep.NONE;
        for (Map.Entry<Long, List<BlobInfo>> run : runs.entrySet()) {
            total = total.plus(sweepRun(run.getKey(), run.getValue(), modifiedBefore, dryRun));
        }
        return total;
    }

    private PackSweep sweepRun(long run, List<BlobInfo> keys, Instant modifiedBefore, boolean dryRun) {
        String commitKey = commitKey(run);
        boolean committed = keys.stream().anyMatch(b -> b.key().equals(commitKey));
        if (!committed) {
            if (keys.stream().anyMatch(b -> !b.lastModified().isBefore(modifiedBefore))) {
                return PackSweep.NONE; // may still be running
            }
            long bytes = keys.stream().mapToLong(BlobInfo::size).sum();
            if (!dryRun) {
                keys.forEach(b -> blobs.delete(b.key()));
            }
            LOG.debug("{} the {} blobs of pack run {}, which never committed", dryRun ? "Would remove" : "Removed",
                    keys.size(), PackedId.runName(run));
            return new PackSweep(1, 0, bytes);
        }
        PackRunCommit commit;
        try {
            commit = blobs.readAllBytes(commitKey).map(b -> PackRunCommit.fromBytes(commitKey, b)).orElse(null);
        } catch (ArchiveFormatException e) {
            LOG.warn("Leaving pack run {} alone: {}", PackedId.runName(run), e.getMessage());
            return PackSweep.NONE;
        }
        if (commit == null) {
            return PackSweep.NONE;
        }
        Map<Integer, Integer> deletedPerPack = new HashMap<>();
        List<BlobInfo> tombstones = keys.stream().filter(b -> b.key().startsWith(runPrefix(run) + DELETED)).toList();
        for (BlobInfo t : tombstones) {
            try {
                PackedId.of(UUID.fromString(t.key().substring((runPrefix(run) + DELETED).length())))
                        .ifPresent(id -> deletedPerPack.merge(id.pack(), 1, Integer::sum));
            } catch (IllegalArgumentException e) {
                // not one of ours
            }
        }
        Set<String> present = new HashSet<>();
        keys.forEach(b -> present.add(b.key()));
        int reclaimed = 0;
        long bytes = 0;
        int remaining = 0;
        for (PackRunCommit.Pack pack : commit.packs()) {
            String indexKey = indexKey(run, pack.number());
            if (!present.contains(indexKey)) {
                continue; // reclaimed before
            }
            if (deletedPerPack.getOrDefault(pack.number(), 0) < pack.live()
                    || !everyLiveEntryDeleted(run, pack, tombstones)) {
                remaining++;
                continue;
            }
            reclaimed++;
            bytes += pack.packSize() + pack.indexSize();
            if (!dryRun) {
                blobs.delete(indexKey);
                headers.remove(indexKey);
                wholeIndexes.remove(indexKey);
                blobs.delete(packKey(run, pack.number()));
                for (BlobInfo t : tombstones) {
                    String name = t.key().substring((runPrefix(run) + DELETED).length());
                    if (packOf(name) == pack.number()) {
                        blobs.delete(t.key());
                    }
                }
            }
        }
        if (remaining == 0 && !dryRun) {
            blobs.delete(commitKey);
            keys.stream().filter(b -> !b.key().equals(commitKey)).forEach(b -> blobs.delete(b.key()));
        }
        return new PackSweep(0, reclaimed, bytes);
    }

    /**
     * Whether the tombstones cover every live entry of {@code pack}, checked against its index: a stray
     * tombstone (of an ordinal that held no backup, or written by hand) must not reclaim a live one.
     */
    private boolean everyLiveEntryDeleted(long run, PackRunCommit.Pack pack, List<BlobInfo> tombstones) {
        String key = indexKey(run, pack.number());
        Set<String> deleted = new HashSet<>();
        tombstones.forEach(t -> deleted.add(t.key().substring((runPrefix(run) + DELETED).length())));
        try {
            byte[] index = blobs.readAllBytes(key).orElse(null);
            if (index == null) {
                return false;
            }
            PackIndex.Header header = PackIndex.header(key, index);
            for (int i = 0; i < header.entryCount(); i++) {
                PackIndex.Slot slot = PackIndex.slot(key, index, (int) header.recordOffset(i), header, index.length);
                if (slot.live() && !deleted.contains(new PackedId(run, pack.number(), i).toUuid().toString())) {
                    return false;
                }
            }
            return true;
        } catch (ArchiveFormatException e) {
            LOG.warn("Leaving pack {} alone: {}", key, e.getMessage());
            return false;
        }
    }

    private static int packOf(String tombstoneName) {
        try {
            return PackedId.of(UUID.fromString(tombstoneName)).map(PackedId::pack).orElse(-1);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** The run a key under {@code packs/} belongs to (only its commit object, when {@code file} is given). */
    private static Optional<Long> runOf(String key, String file) {
        String rest = key.substring(PACKS.length());
        int slash = rest.indexOf('/');
        if (slash != 15 || (file != null && !rest.substring(slash + 1).equals(file))) {
            return Optional.empty();
        }
        try {
            long run = Long.parseUnsignedLong(rest.substring(0, slash), 16);
            return run <= PackedId.MAX_RUN ? Optional.of(run) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String runPrefix(long run) {
        return PACKS + PackedId.runName(run) + "/";
    }

    static String commitKey(long run) {
        return runPrefix(run) + COMMIT;
    }

    static String packKey(long run, int pack) {
        return runPrefix(run) + pack + ".pack";
    }

    static String indexKey(long run, int pack) {
        return runPrefix(run) + pack + ".index";
    }

    static String leaseKey(long run) {
        return runPrefix(run) + "lease";
    }

    static String tombstoneKey(PackedId id) {
        return runPrefix(id.run()) + DELETED + id.toUuid();
    }

    static String describe(UUID backupId) {
        return PackedId.of(backupId).map(id -> packKey(id.run(), id.pack()) + "#" + id.ordinal())
                .orElse(backupId.toString());
    }
}
