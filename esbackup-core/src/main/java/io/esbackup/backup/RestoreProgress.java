package io.esbackup.backup;

/** Progress of one restore, reported as events are written. */
public record RestoreProgress(long eventsRestored, long totalEvents) {
    /** 0 to 100; an empty stream is 100 once done. */
    public double percentageComplete() {
        return totalEvents <= 0 ? 100.0 : Math.min(100.0, 100.0 * eventsRestored / totalEvents);
    }
}
