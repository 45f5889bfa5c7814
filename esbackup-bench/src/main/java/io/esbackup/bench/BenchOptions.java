package io.esbackup.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What to run.
 *
 * @param scenarios              names from {@link Bench#SCENARIOS}, in the order to run them
 * @param events                 events of the big stream (the memory scenario compares a tenth of it with it)
 * @param streams                streams of the many-streams and azure scenarios, backups of the copy scenario, or
 *                               {@code null} for each scenario's default ({@value #MANY_STREAMS},
 *                               {@value #AZURE_STREAMS} and {@value #COPY_BACKUPS})
 * @param dir                    the work folder, kept afterwards; {@code null} for a temporary one, deleted
 * @param azureConnectionString  the account of the azure scenario, or {@code null} to skip it
 * @param seed                   of the generated events
 */
public record BenchOptions(List<String> scenarios, int events, Integer streams, Path dir,
                           String azureConnectionString, long seed) {
    public static final int EVENTS = 1_000_000;
    public static final int MANY_STREAMS = 100_000;
    public static final int AZURE_STREAMS = 2_000;
    /** Issue #19: copies of 10,000 backups. */
    public static final int COPY_BACKUPS = 10_000;
    /** Bulk runs and their baselines use the service's default concurrency, so both get the same threads. */
    public static final int CONCURRENCY = 4;

    public BenchOptions {
        if (scenarios == null || scenarios.isEmpty()) {
            throw new IllegalArgumentException("scenarios must name at least one scenario");
        }
        for (String s : scenarios) {
            if (!Bench.SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("scenario '" + s + "' is not known; the scenarios are: "
                        + String.join(", ", Bench.SCENARIOS));
            }
        }
        scenarios = List.copyOf(scenarios);
        if (events < 10) {
            throw new IllegalArgumentException("events must be at least 10, was " + events);
        }
        if (streams != null && streams < 1) {
            throw new IllegalArgumentException("streams must be positive, was " + streams);
        }
    }

    /** Every scenario at the sizes. */
    public static BenchOptions defaults() {
        return new BenchOptions(Bench.SCENARIOS, EVENTS, null, null, null, EventGenerator.DEFAULT_SEED);
    }

    public int manyStreams() {
        return streams == null ? MANY_STREAMS : streams;
    }

    public int azureStreams() {
        return streams == null ? AZURE_STREAMS : streams;
    }

    public int copyBackups() {
        return streams == null ? COPY_BACKUPS : streams;
    }
}
