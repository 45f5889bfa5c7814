package io.esbackup.backup;

import java.time.Duration;
import java.util.Optional;

/**
 * Leases that let one of several instances of an application run a scheduled job (a nightly backup, a clean-up)
 * at a time, kept where the backups are: no database of their own. A capability of a {@link BackupProvider},
 * found with {@code provider.capability(JobLocks.class)}; the blob providers answer with a {@link BlobJobLocks}
 * over their storage.
 *
 * <p>A lease is held until it expires, is released, or is taken over after it expired. Expiry is judged by each
 * instance's own clock, so {@code ttl} should be far longer than the clocks of the instances can differ (seconds
 * at most where they keep time by NTP): a lease of a few minutes, renewed well before it ends.
 */
public interface JobLocks {

    /**
     * Takes the lease of {@code job} for {@code owner} for {@code ttl}, if nobody holds it: it does not exist,
     * was released, or has expired. Of several instances trying at once, at most one gets it. The lease is not
     * reentrant: an owner that already holds it gets empty too.
     *
     * @param job the job's name, an id (1 to 200 characters without {@code /}, {@code \}, {@code ..} or control
     *            characters)
     * @param owner who takes it (an instance's name, unique among the instances), an id as {@code job} is
     * @param ttl how long the lease lasts unless renewed; positive
     * @return the lease, or empty if another holder's unexpired lease is there
     * @throws IllegalArgumentException naming the argument, before anything is read or written
     */
    Optional<JobLease> tryAcquire(String job, String owner, Duration ttl);

    /**
     * Records how the latest run of {@code job} went, replacing the previous record, for every instance to read.
     * Only the lease's holder should write it, so two writers do not race.
     *
     * @throws IllegalArgumentException naming {@code job} or {@code run}, before anything is written
     */
    void recordRun(String job, JobRun run);

    /**
     * The latest run of {@code job} that was recorded; empty if none was, or if the record cannot be read (a
     * warning is logged: a record is only information, never a reason to stop a job).
     */
    Optional<JobRun> lastRun(String job);
}
