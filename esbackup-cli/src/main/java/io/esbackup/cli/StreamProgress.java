package io.esbackup.cli;

import io.esbackup.backup.BackupProgress;
import io.esbackup.backup.RestoreProgress;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The progress of one backup or restore, shown only for a stream large enough to take a moment (more than
 * {@value #LARGE} events): the bar starts at the first report that says so.
 */
final class StreamProgress {
    static final long LARGE = 10_000;

    private final ProgressListener listener;
    private final String task;
    private boolean started;

    StreamProgress(ProgressListener listener, String task) {
        this.listener = listener;
        this.task = task;
    }

    Consumer<BackupProgress> backups() {
        return p -> report(p.eventsBackedUp(), p.totalEvents());
    }

    Consumer<RestoreProgress> restores() {
        return p -> report(p.eventsRestored(), p.totalEvents());
    }

    /** Runs {@code work}, ending the bar (if one was started) as it ends. */
    <T> T run(Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            if (started) {
                listener.failed();
            }
            throw e;
        }
        if (started) {
            listener.end();
        }
        return result;
    }

    private void report(long done, long total) {
        if (!started && total > LARGE) {
            listener.start(task, total);
            started = true;
        }
        if (started) {
            listener.progress(done, 0);
        }
    }
}
