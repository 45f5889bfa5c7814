package io.esbackup.bench;

import static io.esbackup.bench.Measurement.Kind.ESBACKUP;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Peak RSS of backing up one stream of N/10 events against one of N events (100k against 1M by default),
 * each in its own JVM under the same heap limit: streaming means the second must not need more memory.
 */
final class MemoryScenario implements Scenario {
    static final String NAME = "memory";
    /** The target: RSS for 1M events below 1.2x RSS for 100k events. */
    static final double RSS_TARGET = 1.2;

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The same small, fixed heap for both sizes: what a backup needs does not grow with the stream, and a
     * stream of a million events must fit in it. ConstantMemoryTest holds the same limit.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xmx64m");

    @Override
    public void run(Workspace w, BenchOptions options, Results r) {
        int large = options.events();
        int small = large / 10;
        Measurement s = backup(w, r, small);
        Measurement l = backup(w, r, large);
        double ratio = (double) l.rssPeakBytes() / s.rssPeakBytes();
        boolean known = l.rssPeakBytes() > 0 && s.rssPeakBytes() > 0;
        r.compare(new Comparison(NAME, l.operation() + " (peak RSS)", s.operation() + " (peak RSS)",
                known ? ratio : Double.NaN, "< " + RSS_TARGET + "x",
                !known ? Comparison.Verdict.SKIPPED : ratio < RSS_TARGET ? Comparison.Verdict.PASS
                        : Comparison.Verdict.MISS));
        r.note(NAME, "each backup runs in its own JVM with " + String.join(" ", JVM_OPTIONS)
                + " (a heap the JVM may grow at will measures the collector's appetite: with -Xmx1g G1 grows"
                + " the heap with the allocation rate of a longer run); peak RSS is the process's VmHWM, JVM"
                + " included");
    }

    private static Measurement backup(Workspace w, Results r, int events) {
        Path store = w.bigStore(events);
        w.log("%s: backup of %,d events ...", NAME, events);
        Path backups = w.folder("memory-backups");
        Measurement m = r.add(w.jvm().run("backup-stream", Map.of("store", store.toString(), "backups",
                backups.toString(), "objectId", StoreFixtures.BIG_STREAM_ID), Map.of(), JVM_OPTIONS)
                .measurement(NAME, String.format("backup %,d events", events), ESBACKUP, Folders.size(store),
                        "events", "BackupRestoreService.backupStream"));
        Folders.delete(backups);
        return m;
    }
}
