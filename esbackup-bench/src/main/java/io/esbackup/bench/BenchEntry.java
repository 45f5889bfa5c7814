package io.esbackup.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * How {@code esbackup bench} reaches this module. The command line does not depend on esbackup-bench when it
 * is compiled, so that its runnable jar carries no benchmark code; it looks this class up by name when the
 * bench jar is on the class path (the {@code esbackup} launcher puts it there for {@code bench}). Only JDK and
 * Jackson types cross, and the method's type is part of that contract: change both sides together.
 */
public final class BenchEntry {
    /** The name the command line looks this class up by. */
    public static final String CLASS_NAME = "io.esbackup.bench.BenchEntry";
    /** The method it calls, {@link #run}. */
    public static final String METHOD_NAME = "run";

    private BenchEntry() {}

    /**
     * Runs the bench as {@link Bench#run} does, with the options of {@link BenchOptions} (seed: the generator's
     * default), and returns the report as JSON after passing its text lines to {@code table}.
     *
     * @param streams               {@code null} for each scenario's default
     * @param dir                   {@code null} for a temporary work folder, deleted afterwards
     * @param azureConnectionString {@code null} to skip the azure scenario
     * @param progress              progress lines, as the run goes
     * @param table                 the report's lines ({@link BenchReport#lines()}), once the run is done
     */
    public static ObjectNode run(List<String> scenarios, int events, Integer streams, Path dir,
                                 String azureConnectionString, Consumer<String> progress, Consumer<String> table) {
        BenchReport report = Bench.run(new BenchOptions(scenarios, events, streams, dir, azureConnectionString,
                EventGenerator.DEFAULT_SEED), progress);
        report.lines().forEach(table);
        return report.toJson();
    }
}
