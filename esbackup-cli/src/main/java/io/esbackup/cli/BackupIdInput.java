package io.esbackup.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backup ids from {@code --ids}, parsed as the bulk run takes them. A line that is not a backup id is a
 * failure of that line, not of the run: it is counted (and kept, up to a limit) and skipped, or with
 * {@code stopAtFirst} it ends the input there. The iterator is advanced by one thread (the run's caller);
 * the counts may be read from any.
 */
final class BackupIdInput implements Iterable<UUID> {
    /** A line that is not a backup id. */
    record Malformed(long line, String text) {
        String message() {
            return "line " + line + ": " + BackupIdConverter.problem(text);
        }
    }

    private final Iterator<IdLines.Line> lines;
    private final boolean stopAtFirst;
    private final int keep;
    private final Runnable onMalformed;
    private final List<Malformed> kept = new ArrayList<>();
    private final AtomicLong count = new AtomicLong();
    private volatile boolean stopped;

    BackupIdInput(Iterator<IdLines.Line> lines, boolean stopAtFirst, int keep, Runnable onMalformed) {
        this.lines = lines;
        this.stopAtFirst = stopAtFirst;
        this.keep = keep;
        this.onMalformed = onMalformed;
    }

    /** How many lines were not backup ids. */
    long malformedCount() {
        return count.get();
    }

    /** The first of them (all, unless there were more than the limit). Read after the run. */
    List<Malformed> malformed() {
        return List.copyOf(kept);
    }

    /** Whether the input was ended early, at a line that is not a backup id. */
    boolean stopped() {
        return stopped;
    }

    @Override
    public Iterator<UUID> iterator() {
        return new Iterator<>() {
            private UUID next;

            @Override
            public boolean hasNext() {
                while (next == null && !stopped && lines.hasNext()) {
                    IdLines.Line line = lines.next();
                    next = BackupIdConverter.parse(line.text());
                    if (next == null) {
                        malformed(line);
                    }
                }
                return next != null;
            }

            @Override
            public UUID next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                UUID id = next;
                next = null;
                return id;
            }
        };
    }

    private void malformed(IdLines.Line line) {
        if (kept.size() < keep) {
            kept.add(new Malformed(line.number(), line.text()));
        }
        count.incrementAndGet();
        if (stopAtFirst) {
            stopped = true;
        }
        onMalformed.run();
    }
}
