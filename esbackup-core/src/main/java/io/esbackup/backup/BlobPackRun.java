package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.WriteCondition;
import io.esbackup.model.Ids;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pack run on a blob store: packs taken by one entry at a time from a pool, each closed with its index when
 * full, and the run's commit object written last ({@link BlobPacks} reads what this writes).
 */
final class BlobPackRun implements PackRun {
    private static final Logger LOG = LoggerFactory.getLogger(BlobPackRun.class);

    private final BlobStore blobs;
    private final long run;
    private final PackLimits limits;
    private final Instant createdAt = Instant.now();
    private final Deque<OpenPack> idle = new ArrayDeque<>();
    private final List<OpenPack> open = new ArrayList<>();
    private final List<PackRunCommit.Pack> closed = new ArrayList<>();
    private int nextPack;
    private int closing;
    private RuntimeException broken;
    private boolean committed;
    private boolean ended;

    private final PackRunHeartbeat heartbeat;

    BlobPackRun(BlobStore blobs, long run, PackLimits limits) {
        this(blobs, run, limits, PackRunHeartbeat.EVERY);
    }

    /** With the heartbeat every {@code beat}: a clean-up leaves a run alone while its lease is that young. */
    BlobPackRun(BlobStore blobs, long run, PackLimits limits, java.time.Duration beat) {
        this.blobs = blobs;
        this.run = run;
        this.limits = limits;
        blobs.checkKey(BlobPacks.commitKey(run));
        blobs.checkKey(BlobPacks.tombstoneKey(new PackedId(run, PackedId.MAX_PACK, 0)));
        this.heartbeat = PackRunHeartbeat.start(blobs, run, beat);
    }

    @Override
    public String runId() {
        return PackedId.runName(run);
    }

    @Override
    public PackEntry begin(String objectName, String objectId, String subfolder) {
        Ids.requireValid("objectName", objectName);
        Ids.requireValid("objectId", objectId);
        OpenPack pack = take();
        int ordinal = pack.reserve();
        UUID id = new PackedId(run, pack.number, ordinal).toUuid();
        return new Entry(pack, ordinal, new BackupLocation(id, objectName, objectId, subfolder));
    }

    private synchronized OpenPack take() {
        if (ended) {
            throw new IllegalStateException("pack run " + runId() + " is already committed or closed");
        }
        if (broken != null) {
            throw broken;
        }
        OpenPack pack = idle.poll();
        if (pack == null) {
            if (nextPack > PackedId.MAX_PACK) {
                throw new IllegalStateException("pack run " + runId() + " has used all its pack numbers");
            }
            int number = nextPack++;
            pack = new OpenPack(blobs, number, BlobPacks.packKey(run, number));
            open.add(pack);
        }
        return pack;
    }

    /** Back to the pool, or closed with its index when full. Called by the entry's worker. */
    private void release(OpenPack pack) {
        RuntimeException failed = pack.failure();
        if (failed != null) {
            // The pack cannot be written: nothing of this run can commit.
            synchronized (this) {
                open.remove(pack);
            }
            pack.abandon();
            fail(failed);
            return;
        }
        if (pack.full(limits)) {
            synchronized (this) {
                open.remove(pack);
                closing++; // a commit waits for it: the pack is neither open nor closed yet
            }
            try {
                PackRunCommit.Pack done = close(pack);
                synchronized (this) {
                    if (done != null) {
                        closed.add(done);
                    }
                }
            } catch (RuntimeException e) {
                fail(e);
                throw e;
            } finally {
                synchronized (this) {
                    closing--;
                }
            }
        } else {
            synchronized (this) {
                idle.push(pack);
            }
        }
    }

    private synchronized void fail(RuntimeException e) {
        if (broken == null) {
            broken = e;
        }
    }

    /** Finishes the pack's data, then writes its index; a pack without a live entry is removed instead. */
    private PackRunCommit.Pack close(OpenPack pack) {
        BlobInfo data = pack.finish();
        if (pack.liveEntries() == 0) {
            blobs.delete(pack.key);
            return null;
        }
        byte[] index = PackIndex.encode(pack.entries(), data.size());
        blobs.write(BlobPacks.indexKey(run, pack.number), WriteCondition.createOnly(), index);
        return new PackRunCommit.Pack(pack.number, pack.entryCount(), pack.liveEntries(), data.size(), index.length);
    }

    @Override
    public long commit() {
        List<OpenPack> rest;
        synchronized (this) {
            if (ended) {
                throw new IllegalStateException("pack run " + runId() + " is already committed or closed");
            }
            if (broken != null) {
                throw broken;
            }
            if (idle.size() != open.size() || closing > 0) {
                throw new IllegalStateException("pack run " + runId() + " still has entries being written");
            }
            ended = true;
            rest = new ArrayList<>(idle);
            idle.clear();
            open.clear();
        }
        List<PackRunCommit.Pack> packs = new ArrayList<>(closed);
        int done = 0;
        try {
            for (OpenPack pack : rest) {
                PackRunCommit.Pack written = close(pack);
                done++;
                if (written != null) {
                    packs.add(written);
                }
            }
        } catch (RuntimeException e) {
            // The packs not closed yet must not keep their uploads waiting; close() removes what was written.
            rest.subList(done, rest.size()).forEach(OpenPack::abandon);
            synchronized (this) {
                closed.clear();
                closed.addAll(packs);
                broken = e;
            }
            throw e;
        }
        synchronized (this) {
            closed.clear();
            closed.addAll(packs);
        }
        packs.sort((a, b) -> Integer.compare(a.number(), b.number()));
        long live = packs.stream().mapToLong(PackRunCommit.Pack::live).sum();
        if (live > 0) {
            requireStillThere(packs);
            writeCommit(new PackRunCommit(runId(), createdAt, packs).toBytes());
        }
        committed = true;
        heartbeat.stop();
        LOG.debug("Committed pack run {}: {} backups in {} packs", runId(), live, packs.size());
        return live;
    }

    /**
     * The commit point. A retried write whose first attempt landed but did not answer finds the object there:
     * the same bytes are this run's commit, so the run is committed (throwing would make {@link #close} remove
     * the packs a durable commit names).
     */
    private void writeCommit(byte[] bytes) {
        String key = BlobPacks.commitKey(run);
        try {
            blobs.write(key, WriteCondition.createOnly(), bytes);
        } catch (io.esbackup.error.AlreadyExistsException e) {
            if (!blobs.readAllBytes(key).map(b -> java.util.Arrays.equals(b, bytes)).orElse(false)) {
                throw e;
            }
            LOG.debug("The commit of pack run {} was already written by an earlier attempt", runId());
        }
    }

    /**
     * A clean-up takes an uncommitted run's blobs once all of them are older than its grace period: a run whose
     * packs fill slowly (an incremental night where little changed) can outlive that. Its commit must not name
     * packs that are gone, so it checks them first and fails loudly, committing nothing, rather than lose them.
     */
    private void requireStillThere(List<PackRunCommit.Pack> packs) {
        for (PackRunCommit.Pack p : packs) {
            for (String key : List.of(BlobPacks.packKey(run, p.number()), BlobPacks.indexKey(run, p.number()))) {
                if (blobs.stat(key).isEmpty()) {
                    throw new io.esbackup.error.NotFoundException(key + " of pack run " + runId() + " vanished "
                            + "before the run committed (removed by a clean-up?); the run was not committed");
                }
            }
        }
    }

    @Override
    public Stream<BackupManifest> manifests() {
        if (!committed) {
            throw new IllegalStateException("pack run " + runId() + " is not committed");
        }
        return new BlobPacks(blobs).runManifests(run);
    }

    @Override
    public void close() {
        heartbeat.stop();
        List<OpenPack> abandon;
        List<PackRunCommit.Pack> written;
        synchronized (this) {
            if (committed) {
                return;
            }
            ended = true;
            abandon = new ArrayList<>(open);
            open.clear();
            idle.clear();
            written = new ArrayList<>(closed);
            closed.clear();
        }
        abandon.forEach(OpenPack::abandon);
        for (PackRunCommit.Pack p : written) {
            try {
                blobs.delete(BlobPacks.indexKey(run, p.number()));
                blobs.delete(BlobPacks.packKey(run, p.number()));
            } catch (RuntimeException e) {
                LOG.warn("Could not remove pack {} of the uncommitted run {}; clean-up will: {}", p.number(),
                        runId(), e.getMessage());
            }
        }
    }

    /** One backup's place in a pack. */
    private final class Entry implements PackEntry {
        private final OpenPack pack;
        private final int ordinal;
        private final BackupLocation location;
        private long archiveOffset = -1;
        private long archiveLength;
        private boolean done;

        Entry(OpenPack pack, int ordinal, BackupLocation location) {
            this.pack = pack;
            this.ordinal = ordinal;
            this.location = location;
        }

        @Override
        public BackupLocation location() {
            return location;
        }

        @Override
        public BlobInfo writeArchive(BlobWriter archive) {
            requireOpen();
            long start = pack.position();
            try {
                pack.throwIfFailed();
                archive.writeTo(unclosable(pack.appender()));
            } catch (IOException e) {
                RuntimeException failed = pack.failure();
                if (failed != null) {
                    throw failed;
                }
                throw new UncheckedIOException("writing backup " + location.backupId() + " into pack " + pack.key, e);
            }
            archiveOffset = start;
            archiveLength = pack.position() - start;
            return new BlobInfo(pack.key, archiveLength, null, Instant.now());
        }

        @Override
        public void commit(BackupManifest manifest) {
            requireOpen();
            if (archiveOffset < 0) {
                throw new IllegalStateException("backup " + location.backupId() + " has no archive to commit");
            }
            if (!manifest.backupId().equals(location.backupId().toString())) {
                throw new IllegalArgumentException("manifest names backup " + manifest.backupId() + ", not "
                        + location.backupId());
            }
            byte[] bytes = ManifestCodec.toBytes(manifest);
            pack.record(ordinal, archiveOffset, archiveLength, bytes);
            done = true; // only now: a manifest that cannot be written leaves the entry to abandon()
            release(pack);
        }

        @Override
        public void abandon() {
            if (done) {
                return;
            }
            done = true;
            pack.record(ordinal, 0, 0, null);
            release(pack);
        }

        private void requireOpen() {
            if (done) {
                throw new IllegalStateException("backup " + location.backupId() + " was already committed or abandoned");
            }
        }

        @Override
        public String describe() {
            return BlobPacks.describe(location.backupId());
        }
    }

    private static OutputStream unclosable(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the pack stays open for the next entry
            }
        };
    }
}
