package io.esbackup.backup;

import java.time.Instant;

/**
 * A held lease of a job ({@link JobLocks#tryAcquire}): while it is unexpired no other owner gets it. Renew it
 * well before {@link #expiresAt()}; release it (or close it, the same thing) when the job is done, so another
 * instance can take it at once rather than after expiry. Not for use by several threads at once.
 */
public interface JobLease extends AutoCloseable {

    String job();

    String owner();

    /** When the lease ends unless renewed; after it, another owner may take it over. */
    Instant expiresAt();

    /**
     * Extends the lease to now plus its ttl. It succeeds, even past {@link #expiresAt()}, while nobody else took
     * the lease over.
     *
     * @throws io.esbackup.error.LeaseLostException if another owner took it over after it expired: stop the job
     * @throws IllegalStateException if this lease was released
     */
    void renew();

    /**
     * Gives the lease up, so that another owner gets it at once. Calling it again does nothing; so does releasing
     * a lease another owner took over already (it is no longer this one's to give up). A storage failure is
     * thrown and the lease stays this one's: release may be called again.
     */
    void release();

    /** {@link #release()}. */
    @Override
    default void close() {
        release();
    }
}
