package io.esbackup.cli;

import io.esbackup.bench.Bench;
import io.esbackup.bench.BenchOptions;
import io.esbackup.bench.BenchReport;
import io.esbackup.bench.EventGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code esbackup bench}: the end-to-end scenarios of esbackup-bench ({@link Bench}) on generated stores,
 * printed as a table of measurements and ratios against their baselines and targets.
 */
@Command(name = "bench",
        header = "Measure backup and restore against baselines on generated stores.",
        description = {"",
            "Generates event stores in a work folder and measures esbackup on them, each",
            "operation next to baselines run on the same bytes in the same run, with the",
            "ratio (esbackup / baseline) and the target it is held to (PASS or MISS).",
            "Each measured operation runs in its own JVM, so its peak heap and RSS are its own.",
            "",
            "Scenarios:",
            "  big-stream    backup and restore of one stream of --events events, against",
            "                reading the files, zstd -1 (library and command), tar | zstd -1",
            "  many-streams  bulk backup and restore of --streams streams of 20 events,",
            "                against a plain copy of each file and tar | zstd -1",
            "  memory        peak RSS of backing up --events/10 against --events events",
            "  azure         bulk backup of --streams streams (default 2000) to Azure",
            "                against the raw SDK upload of the same blobs; needs an account",
            "                (skipped without one unless asked for by name)",
            "",
            "--store and --backups are not used. At the default sizes a run takes about",
            "15 minutes on 2 cores and needs about 3 GB of disk.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class BenchCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = {"Run this scenario; may be repeated. Default: all of them."})
    private List<String> scenarios;

    @Option(names = "--events", paramLabel = "N", defaultValue = "" + BenchOptions.EVENTS,
            description = {"Events in the big stream (at least 10).", "Default: ${DEFAULT-VALUE}"})
    private int events;

    @Option(names = "--streams", paramLabel = "N",
            description = {"Streams of the many-streams and azure scenarios.",
                "Default: " + BenchOptions.MANY_STREAMS + " and " + BenchOptions.AZURE_STREAMS})
    private Integer streams;

    @Option(names = "--dir", paramLabel = "DIR",
            description = {"Work folder, new or empty, kept afterwards.",
                "Default: a temporary folder, deleted afterwards"})
    private Path dir;

    @Override
    public Integer call() {
        List<String> chosen = scenarios == null ? Bench.SCENARIOS : scenarios;
        for (String s : chosen) {
            if (!Bench.SCENARIOS.contains(s)) {
                throw Usage.error(spec, "--scenario: unknown scenario '" + s + "'; the scenarios are: "
                        + String.join(", ", Bench.SCENARIOS));
            }
        }
        if (events < 10) {
            throw Usage.error(spec, "--events must be at least 10, was " + events);
        }
        if (streams != null && streams < 1) {
            throw Usage.error(spec, "--streams must be a positive number, was " + streams);
        }
        Optional<String> account = root.azureConnectionString();
        if (scenarios != null && scenarios.contains("azure") && account.isEmpty()) {
            throw Usage.error(spec, "--scenario azure needs an Azure account: set AZURE_STORAGE_CONNECTION_STRING "
                    + "or give --azure-connection-string (bench/azurite.sh starts a local Azurite)");
        }
        Path work = dir == null ? null : root.environment().workingDirectory().resolve(dir);
        BenchOptions options = new BenchOptions(chosen, events, streams, work, account.orElse(null),
                EventGenerator.DEFAULT_SEED);
        BenchReport report = Bench.run(options, progress());
        Output out = root.output();
        report.lines().forEach(l -> out.line("%s", l));
        out.result(report.toJson());
        return ExitCodes.OK;
    }

    /** Progress lines on stderr (stdout keeps the table, or the one JSON document), none with --quiet. */
    private Consumer<String> progress() {
        if (root.quiet()) {
            return line -> { };
        }
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            err.println("bench: " + line);
            err.flush();
        };
    }
}
