package io.esbackup.backup;

import io.esbackup.blob.BlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.ConflictException;
import io.esbackup.error.LeaseLostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease {@link BlobJobLocks} handed out: the lease object as this holder last wrote it, and that write's ETag,
 * on which every later write of it is conditional. Thread-safe, so a timer may renew it while the job's thread
 * releases it.
 */
final class BlobJobLease implements JobLease {
    private static final Logger LOG = LoggerFactory.getLogger(BlobJobLease.class);

    private final BlobStore blobs;
    private final Clock clock;
    private final String key;
    private final Duration ttl;
    private LeaseDocument lease;
    private String etag;
    private boolean released;
    private boolean lost;

    BlobJobLease(BlobStore blobs, Clock clock, String key, Duration ttl, LeaseDocument lease, String etag) {
        this.blobs = blobs;
        this.clock = clock;
        this.key = key;
        this.ttl = ttl;
        this.lease = lease;
        this.etag = etag;
    }

    @Override
    public String job() {
        return lease.job();
    }

    @Override
    public String owner() {
        return lease.owner();
    }

    @Override
    public synchronized Instant expiresAt() {
        return lease.expiresAt();
    }

    @Override
    public synchronized void renew() {
        if (released) {
            throw new IllegalStateException("the lease of job " + job() + " was released; acquire it again");
        }
        if (lost) {
            throw lostException(null);
        }
        LeaseDocument renewed = lease.renewedUntil(clock.instant().plus(ttl));
        try {
            etag = blobs.write(key, WriteCondition.ifMatch(etag), renewed.bytes()).etag();
            lease = renewed;
        } catch (ConflictException e) {
            lost = true;
            throw lostException(e);
        }
    }

    @Override
    public synchronized void release() {
        if (released) {
            return;
        }
        if (!lost) {
            LeaseDocument given = lease.asReleased();
            try {
                etag = blobs.write(key, WriteCondition.ifMatch(etag), given.bytes()).etag();
                lease = given;
            } catch (ConflictException e) {
                // Taken over after it expired: not this holder's to give up any more.
                LOG.warn("The lease of job {} held by {} was taken over before it was released ({})", job(), owner(),
                        key);
            }
        }
        released = true;
    }

    private LeaseLostException lostException(ConflictException cause) {
        return new LeaseLostException(job(), "the lease of job " + job() + " held by " + owner() + " (" + key
                + ") was changed by another writer: taken over after it expired at " + lease.expiresAt()
                + "; another instance may be running the job", cause);
    }

    @Override
    public String toString() {
        return "JobLease[" + key + ", owner " + owner() + "]";
    }
}
