package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * {@code esbackup bench}: the end-to-end scenarios of esbackup-bench on generated stores, printed as a table of
 * measurements and ratios against their baselines and targets. The options are checked here; the bench itself
 * is found at run time ({@link BenchModule}), so the command's help and usage errors work without it.
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
            "  launcher      esbackup backup of --events/10 and --events events in a new",
            "                JVM with the launcher's settings, with and without its",
            "                class-data archive, against the plain JVM: wall time, RSS",
            "  azure         bulk backup of --streams streams (default 2000) to Azure",
            "                against the raw SDK upload of the same blobs; needs an account",
            "                (skipped without one unless asked for by name)",
            "  table         bulk restore of --streams streams into Azure Table storage and",
            "                bulk backup from it, against the raw Table SDK inserting and",
            "                reading the same rows; needs an account with a TableEndpoint",
            "  s3            the same to the S3 service at AWS_ENDPOINT_URL_S3 (moto, MinIO)",
            "                against the raw SDK's PutObject; skipped without an endpoint",
            "  registry      list --object-name order-3 --tag env=audit --max 100 over",
            "                --streams registered backups (default 1000000) with the",
            "                PostgreSQL registry at ESBACKUP_BENCH_POSTGRES, against scanning",
            "                every manifest; skipped without a database",
            "  copy          esbackup copy --to of --streams backups (default 10000) from",
            "                a folder to another, against cp -r of the same files (and",
            "                Files.copy of each), and to Azure against the raw SDK's",
            "                upload of them (that half skipped without an account)",
            "",
            "--store and --backups are not used. At the default sizes a run takes about",
            "25 minutes on 2 cores and needs about 5 GB of disk.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class BenchCommand implements Callable<Integer> {
    // The bench module's own values (io.esbackup.bench.Bench.SCENARIOS, BenchOptions), which this module cannot
    // see when it is compiled; BenchModuleTest checks that they are the same.
    static final List<String> SCENARIOS = List.of("big-stream", "many-streams", "memory", "launcher", "azure",
            "table", "s3", "registry", "copy");
    static final int EVENTS = 1_000_000;
    static final int MANY_STREAMS = 100_000;
    static final int AZURE_STREAMS = 2_000;
    static final int COPY_BACKUPS = 10_000;

    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = {"Run this scenario; may be repeated. Default: all of them."})
    private List<String> scenarios;

    @Option(names = "--events", paramLabel = "N", defaultValue = "" + EVENTS,
            description = {"Events in the big stream (at least 10).", "Default: ${DEFAULT-VALUE}"})
    private int events;

    @Option(names = "--streams", paramLabel = "N",
            description = {"Streams of the many-streams, azure and table scenarios; backups of the registry and "
                + "copy ones.", "Default: " + MANY_STREAMS + ", " + AZURE_STREAMS + ", 1000000 and " + COPY_BACKUPS})
    private Integer streams;

    @Option(names = "--dir", paramLabel = "DIR",
            description = {"Work folder, new or empty, kept afterwards.",
                "Default: a temporary folder, deleted afterwards"})
    private Path dir;

    @Override
    public Integer call() {
        List<String> chosen = scenarios == null ? SCENARIOS : scenarios;
        for (String s : chosen) {
            if (!SCENARIOS.contains(s)) {
                throw Usage.error(spec, "--scenario: unknown scenario '" + s + "'; the scenarios are: "
                        + String.join(", ", SCENARIOS));
            }
        }
        if (events < 10) {
            throw Usage.error(spec, "--events must be at least 10, was " + events);
        }
        if (streams != null && streams < 1) {
            throw Usage.error(spec, "--streams must be a positive number, was " + streams);
        }
        Optional<String> account = root.azureConnectionString();
        for (String needsAccount : List.of("azure", "table")) {
            if (scenarios != null && scenarios.contains(needsAccount) && account.isEmpty()) {
                throw Usage.error(spec, "--scenario " + needsAccount + " needs an Azure account: set "
                        + "AZURE_STORAGE_CONNECTION_STRING or give --azure-connection-string (bench/azurite.sh starts"
                        + " a local Azurite)");
            }
        }
        BenchModule bench = BenchModule.find(BenchCommand.class.getClassLoader())
                .orElseThrow(() -> new IllegalStateException(BenchModule.MISSING));
        Path work = dir == null ? null : root.environment().workingDirectory().resolve(dir);
        Output out = root.output();
        ObjectNode report = bench.run(chosen, events, streams, work, account.orElse(null), progress(),
                line -> out.line("%s", line));
        out.result(report);
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
