package io.esbackup.backup;

/** Progress of one backup, reported as events are written. */
public record BackupProgress(long eventsBackedUp, long totalEvents, long bytesWritten) {
    /** 0 to 100; an empty stream is 100 once done. */
    public double percentageComplete() {
        return Percent.of(eventsBackedUp, Math.max(0, totalEvents));
    }
}
