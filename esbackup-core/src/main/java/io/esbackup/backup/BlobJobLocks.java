package io.esbackup.backup;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.StorageException;
import io.esbackup.model.Ids;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobLocks} over any {@link BlobStore}: a job's lease is one small JSON object at
 * {@code locks/{job}.lease} (docs/FORMAT.md, section 19), outside everything backups, id pointers, packs and the
 * registry use, so no listing, validation or clean-up ever sees it.
 *
 * <p>Taking a free lease is a create-only write. Taking over one that expired or was released is an if-match write
 * on the ETag it was read with, so of several instances racing for it exactly one wins; renewing and releasing are
 * if-match writes on the ETag of the holder's last write, so a holder whose lease was taken over finds out. A
 * release marks the object released instead of deleting it, because a blob store has no conditional delete: a
 * plain delete could remove a lease another owner had just taken over.
 *
 * <p>A lease object that cannot be read as a lease (not JSON, a member missing, another job's name) counts as
 * expired and is taken over the same way, with a warning. esbackup never leaves one (every write publishes whole
 * objects atomically, so a crash leaves the previous lease or the new one), so only a hand edit or a foreign
 * writer can; blocking the job until someone deletes it by hand would stop every instance, while a takeover on its
 * ETag stays exclusive, and a holder whose object was edited learns it at its next renewal.
 *
 * <p>Over a local folder, create-only is atomic across processes but if-match only within one JVM
 * (docs/ARCHITECTURE.md, section 8): instances in several processes sharing one folder could both take over the
 * same expired lease. Azure and S3 check the ETag on the server.
 */
public final class BlobJobLocks implements JobLocks {
    /** Where the leases are, beside {@code backups/}, {@code backup-index/}, {@code packs/}. */
    public static final String PREFIX = "locks/";
    /** The longest ttl accepted: longer is a mistake (a lease nobody could take over for a year). */
    public static final Duration MAX_TTL = Duration.ofDays(365);
    private static final Logger LOG = LoggerFactory.getLogger(BlobJobLocks.class);
    // A lease object deleted by hand between our create and our read frees the key; try creating again, a few
    // times, rather than report it held.
    private static final int ATTEMPTS = 3;

    private final BlobStore blobs;
    private final Clock clock;

    /** Leases in {@code blobs}, timed by {@code clock}. */
    public BlobJobLocks(BlobStore blobs, Clock clock) {
        if (blobs == null || clock == null) {
            throw new IllegalArgumentException((blobs == null ? "blobs" : "clock") + " must not be null");
        }
        this.blobs = blobs;
        this.clock = clock;
    }

    /** The key of {@code job}'s lease object. */
    public static String key(String job) {
        return PREFIX + Ids.requireValid("job", job) + ".lease";
    }

    @Override
    public Optional<JobLease> tryAcquire(String job, String owner, Duration ttl) {
        String key = key(job);
        Ids.requireValid("owner", owner);
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be positive and at most " + MAX_TTL.toDays() + " days, was "
                    + ttl);
        }
        blobs.checkKey(key);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            LeaseDocument mine = new LeaseDocument(job, owner, now, now.plus(ttl), false);
            try {
                BlobInfo written = blobs.write(key, WriteCondition.createOnly(), mine.bytes());
                return Optional.of(new BlobJobLease(blobs, clock, key, ttl, mine, written.etag()));
            } catch (AlreadyExistsException taken) {
                // Someone's lease is there, held or not: read it.
            }
            Optional<Current> current = read(key, job);
            if (current.isEmpty()) {
                continue;
            }
            if (current.get().lease() != null && current.get().lease().heldAt(now)) {
                return Optional.empty();
            }
            try {
                BlobInfo written = blobs.write(key, WriteCondition.ifMatch(current.get().etag()), mine.bytes());
                return Optional.of(new BlobJobLease(blobs, clock, key, ttl, mine, written.etag()));
            } catch (ConflictException lost) {
                // Another instance took it over first, or its holder renewed it in time.
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The key of {@code job}'s run record. */
    public static String runKey(String job) {
        return PREFIX + Ids.requireValid("job", job) + ".run";
    }

    @Override
    public void recordRun(String job, JobRun run) {
        String key = runKey(job);
        if (run == null) {
            throw new IllegalArgumentException("run must not be null");
        }
        blobs.checkKey(key);
        // The lease's holder is the only writer, so a plain overwrite cannot lose another's record.
        blobs.write(key, WriteCondition.overwrite(), JobRunDocument.bytes(job, run));
    }

    @Override
    public Optional<JobRun> lastRun(String job) {
        String key = runKey(job);
        Optional<byte[]> bytes = blobs.readAllBytes(key);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JobRunDocument.parse(bytes.get(), job));
        } catch (IOException e) {
            LOG.warn("The run record {} cannot be read ({}); it is ignored", key, Json.describe(e));
            return Optional.empty();
        }
    }

    /** A lease object and the ETag it was read with; {@code lease} null where it cannot be read as one. */
    private record Current(LeaseDocument lease, String etag) {}

    private Optional<Current> read(String key, String job) {
        Optional<Blob> found = blobs.read(key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes;
        try (Blob blob = found.get(); InputStream in = blob.content()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new StorageException("reading blob " + key, e);
        }
        String etag = found.get().info().etag();
        try {
            return Optional.of(new Current(LeaseDocument.parse(bytes, job), etag));
        } catch (IOException e) {
            LOG.warn("The lease object {} cannot be read as a lease ({}); it counts as expired and is taken over",
                    key, Json.describe(e));
            return Optional.of(new Current(null, etag));
        }
    }
}
