package io.esbackup.backup;

/** Progress of one restore, reported as events are written. */
public record RestoreProgress(long eventsRestored, long totalEvents) {
    /** 0 to 100; an empty stream is 100 once done. */
    public double percentageComplete() {
        return Percent.of(eventsRestored, Math.max(0, totalEvents));
    }
}
