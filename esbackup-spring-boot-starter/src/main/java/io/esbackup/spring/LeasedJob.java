package io.esbackup.spring;

import io.esbackup.backup.JobLease;
import io.esbackup.backup.JobLocks;
import io.esbackup.backup.JobRun;
import io.esbackup.error.LeaseLostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduled job that runs only while this instance holds the job's lease in the backups store: a firing that
 * finds the lease held elsewhere is skipped. The lease is renewed every third of its ttl while the job runs; if
 * another instance took it over (this one stalled past its expiry), the job's thread is interrupted, which stops a
 * bulk run after the work in flight. A job that ends sooner than {@code holdAtLeast} keeps the lease until it
 * expires, so that an instance whose clock is a little behind does not run the same firing again.
 */
final class LeasedJob {
    private static final Logger LOG = LoggerFactory.getLogger(LeasedJob.class);

    private final String name;
    private final Optional<JobLocks> locks;
    private final String owner;
    private final Duration ttl;
    private final Duration holdAtLeast;
    private final Clock clock;
    private final Supplier<String> work;
    private final AtomicReference<ScheduledJobStatus> status;

    /**
     * @param locks where the lease is kept; empty where the backups cannot hold one, and then the job runs on
     *              every instance (the caller warned)
     * @param work  the job: what it did, or an exception saying why it failed
     */
    LeasedJob(String name, Optional<JobLocks> locks, String owner, Duration ttl, Duration holdAtLeast, Clock clock,
              Supplier<String> work) {
        this.name = name;
        this.locks = locks;
        this.owner = owner;
        this.ttl = ttl;
        this.holdAtLeast = holdAtLeast;
        this.clock = clock;
        this.work = work;
        this.status = new AtomicReference<>(ScheduledJobStatus.never(name));
    }

    String name() {
        return name;
    }

    ScheduledJobStatus status() {
        return status.get();
    }

    /** One firing: runs the job if this instance gets the lease, else records that it was skipped. */
    void run() {
        Optional<JobLease> lease;
        try {
            lease = locks.isPresent() ? locks.get().tryAcquire(name, owner, ttl) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("Scheduled {} did not run: its lease could not be read or taken: {}", name, e.toString());
            status.updateAndGet(s -> s.ended(clock.instant(), "failed", "the lease could not be taken: " + e));
            return;
        }
        if (locks.isPresent() && lease.isEmpty()) {
            LOG.info("Scheduled {} skipped: its lease is held (by another instance, or by this one's last run)", name);
            status.updateAndGet(s -> s.skipped(clock.instant()));
            return;
        }
        Instant start = clock.instant();
        Instant succeededBefore = lease.isPresent() ? sharedLastSucceeded() : null;
        status.updateAndGet(s -> s.running(start));
        AtomicBoolean lost = new AtomicBoolean();
        ScheduledExecutorService renewer = lease.map(l -> renewing(l, Thread.currentThread(), lost)).orElse(null);
        try {
            String done = work.get();
            status.updateAndGet(s -> lost.get()
                    ? s.ended(clock.instant(), "lease-lost", "another instance took the lease over; " + done)
                    : s.ended(clock.instant(), "succeeded", done));
            LOG.info("Scheduled {}: {}", name, done);
        } catch (RuntimeException | Error e) {
            // An Error too (a class that fails to load): else the status would say "running" for good.
            String outcome = lost.get() ? "lease-lost" : "failed";
            status.updateAndGet(s -> s.ended(clock.instant(), outcome, e.getMessage() == null ? e.toString()
                    : e.getMessage()));
            LOG.error("Scheduled {} {}", name, outcome, e);
            if (e instanceof VirtualMachineError vm) {
                throw vm;
            }
        } finally {
            Thread.interrupted(); // a renewer's interrupt must not outlive the run it stopped
            if (renewer != null) {
                stop(renewer);
                if (!lost.get()) {
                    share(start, succeededBefore);
                }
                giveBack(lease.get(), start, lost.get());
            }
        }
    }

    /**
     * The latest run of this job as recorded beside its lease, by whichever instance ran it; empty where there is
     * none, the backups cannot hold leases, or it cannot be read (a warning is logged).
     */
    Optional<JobRun> sharedLastRun() {
        if (locks.isEmpty()) {
            return Optional.empty();
        }
        try {
            return locks.get().lastRun(name);
        } catch (RuntimeException e) {
            LOG.warn("Scheduled {}: the record of its latest run could not be read: {}", name, e.toString());
            return Optional.empty();
        }
    }

    private Instant sharedLastSucceeded() {
        return sharedLastRun().map(JobRun::lastSucceededAt).orElse(null);
    }

    /**
     * Records this run beside the lease, while it is still held, so that every instance (and this one after a
     * restart) knows when the job last succeeded: an incremental run that found nothing changed writes no backup
     * that could tell.
     */
    private void share(Instant start, Instant succeededBefore) {
        ScheduledJobStatus ended = status.get();
        boolean succeeded = "succeeded".equals(ended.outcome());
        Instant finished = ended.lastFinished() == null ? clock.instant() : ended.lastFinished();
        Instant lastSucceeded = succeeded ? finished : latest(succeededBefore, ended.lastSucceeded());
        try {
            locks.get().recordRun(name, new JobRun(owner, start, finished, succeeded, ended.message(), lastSucceeded));
        } catch (RuntimeException e) {
            LOG.warn("Scheduled {}: could not record its run for the other instances: {}", name, e.toString());
        }
    }

    static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private ScheduledExecutorService renewing(JobLease lease, Thread worker, AtomicBoolean lost) {
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "esbackup-lease-" + name);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(() -> {
            try {
                lease.renew();
            } catch (LeaseLostException e) {
                LOG.error("Scheduled {}: another instance took its lease over; stopping this run", name);
                lost.set(true);
                worker.interrupt();
                throw e; // no further renewals
            } catch (RuntimeException e) {
                // A storage hiccup: the next renewal, a third of the ttl later, may still be in time.
                LOG.warn("Scheduled {}: could not renew its lease: {}", name, e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return renewer;
    }

    private static void stop(ScheduledExecutorService renewer) {
        renewer.shutdownNow();
        try {
            renewer.awaitTermination(1, TimeUnit.MINUTES); // a renewal in flight finishes before the release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void giveBack(JobLease lease, Instant start, boolean lost) {
        if (lost || Duration.between(start, clock.instant()).compareTo(holdAtLeast) < 0) {
            return; // taken over already, or held until it expires
        }
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.warn("Scheduled {}: could not give its lease back; it expires at {}: {}", name, lease.expiresAt(),
                    e.toString());
        }
    }
}
