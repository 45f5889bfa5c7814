package io.esbackup.spring;

import java.time.Instant;

/**
 * How a scheduled job last went on this instance.
 *
 * @param job           {@code backup} or {@code cleanup}
 * @param lastStarted   when its latest run started here, or {@code null} before the first
 * @param lastFinished  when that run ended, or {@code null} while it runs or before the first
 * @param lastSucceeded when a run here last succeeded, or {@code null}
 * @param outcome       of the latest run here: {@code running}, {@code succeeded}, {@code failed} or
 *                      {@code lease-lost} (another instance took the lease over mid-run); {@code null} before the
 *                      first. A firing skipped because the lease was held does not change it: that firing ran
 *                      elsewhere, or this instance's own quick run still holds the lease.
 * @param message       what the latest run here did, or why it failed
 * @param lastSkipped   when a firing was last skipped here because the lease was held, or {@code null}
 */
public record ScheduledJobStatus(String job, Instant lastStarted, Instant lastFinished, Instant lastSucceeded,
                                 String outcome, String message, Instant lastSkipped) {
    static ScheduledJobStatus never(String job) {
        return new ScheduledJobStatus(job, null, null, null, null, null, null);
    }

    ScheduledJobStatus running(Instant at) {
        return new ScheduledJobStatus(job, at, null, lastSucceeded, "running", null, lastSkipped);
    }

    ScheduledJobStatus ended(Instant at, String outcome, String message) {
        Instant succeeded = "succeeded".equals(outcome) ? at : lastSucceeded;
        return new ScheduledJobStatus(job, lastStarted, at, succeeded, outcome, message, lastSkipped);
    }

    ScheduledJobStatus skipped(Instant at) {
        return new ScheduledJobStatus(job, lastStarted, lastFinished, lastSucceeded, outcome, message, at);
    }
}
