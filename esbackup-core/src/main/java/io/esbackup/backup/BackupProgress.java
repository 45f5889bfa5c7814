package io.esbackup.backup;

/** Progress of one backup, reported as events are written. */
public record BackupProgress(long eventsBackedUp, long totalEvents, long bytesWritten) {
    /** 0 to 100; an empty stream is 100 once done. */
    public double percentageComplete() {
        return totalEvents <= 0 ? 100.0 : Math.min(100.0, 100.0 * eventsBackedUp / totalEvents);
    }
}
