package io.esbackup.spring;

import java.time.Instant;

/**
 * How a scheduled job last went on this instance.
 *
 * @param job           {@code backup} or {@code cleanup}
 * @param lastStarted   when its latest run started here, or {@code null} before the first
 * @param lastFinished  when that run ended (or was skipped), or {@code null} while it runs or before the first
 * @param lastSucceeded when a run here last succeeded, or {@code null}
 * @param outcome       {@code running}, {@code succeeded}, {@code failed}, {@code skipped} (another instance held
 *                      the lease) or {@code lease-lost} (another instance took the lease over mid-run), or
 *                      {@code null} before the first run
 * @param message       what the latest run did, or why it failed
 */
public record ScheduledJobStatus(String job, Instant lastStarted, Instant lastFinished, Instant lastSucceeded,
                                 String outcome, String message) {
    static ScheduledJobStatus never(String job) {
        return new ScheduledJobStatus(job, null, null, null, null, null);
    }

    ScheduledJobStatus running(Instant at) {
        return new ScheduledJobStatus(job, at, null, lastSucceeded, "running", null);
    }

    ScheduledJobStatus ended(Instant at, String outcome, String message) {
        Instant succeeded = "succeeded".equals(outcome) ? at : lastSucceeded;
        return new ScheduledJobStatus(job, lastStarted, at, succeeded, outcome, message);
    }

    ScheduledJobStatus skipped(Instant at, String message) {
        // A skipped firing ran elsewhere: this instance's own last run stays what it was.
        return new ScheduledJobStatus(job, lastStarted, lastFinished, lastSucceeded, "skipped", message);
    }
}
