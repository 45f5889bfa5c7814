package io.esbackup.backup;

import java.time.Instant;

/**
 * How the latest run of a scheduled job went, kept beside its lease ({@link JobLocks#recordRun}) so that every
 * instance, and an instance after a restart, knows it, not only the one that ran it.
 *
 * @param owner           the instance that ran it
 * @param startedAt       when it started
 * @param finishedAt      when it ended
 * @param succeeded       whether it succeeded
 * @param message         what it did, or why it failed (at most {@link #MAX_MESSAGE} characters)
 * @param lastSucceededAt when a run of the job last succeeded (this one's end if it did), or {@code null}
 */
public record JobRun(String owner, Instant startedAt, Instant finishedAt, boolean succeeded, String message,
                     Instant lastSucceededAt) {
    /** The longest message kept; a longer one is cut. */
    public static final int MAX_MESSAGE = 2000;

    public JobRun {
        if (owner == null || startedAt == null || finishedAt == null) {
            throw new IllegalArgumentException("owner, startedAt and finishedAt must not be null");
        }
        message = message == null ? "" : message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    }
}
