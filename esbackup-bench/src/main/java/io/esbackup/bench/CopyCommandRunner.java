package io.esbackup.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code esbackup copy} for the copy scenario as a user runs it: the command ({@code io.esbackup.cli.Main})
 * in a new JVM with the launcher's options and a class-data archive recorded as the launcher records it (as
 * {@link LauncherScenario} starts it), timed from the process's start to its exit. Where the command is not on the
 * class path (this module's own tests), the service's {@code copyTo} in a {@link Probe} instead, timed alone, and
 * every row says so.
 */
final class CopyCommandRunner {
    /** What one copy did. {@code copySeconds}: the copy's own time, without the JVM's start and exit. */
    record Run(double seconds, double copySeconds, long copied, long heapPeakBytes, long rssPeakBytes) {}

    private final Workspace w;
    /** The command's JVM options, or empty when the command is not on the class path. */
    private final Optional<List<String>> command;
    private final String how;

    private CopyCommandRunner(Workspace w, Optional<List<String>> command, String how) {
        this.w = w;
        this.command = command;
        this.how = how;
    }

    /** The command with the launcher's settings where this class path has it, else the service. */
    static CopyCommandRunner find(Workspace w) {
        Optional<List<String>> defaults = LauncherOptions.find(CopyCommandRunner.class.getClassLoader());
        if (defaults.isEmpty() || !LauncherScenario.onClassPath(LauncherScenario.COMMAND)) {
            return new CopyCommandRunner(w, Optional.empty(), "BackupRestoreService.copyTo in a child JVM, timed "
                    + "alone (the esbackup command is not on this class path; esbackup bench runs the command)");
        }
        List<String> options = new ArrayList<>(defaults.get());
        Optional<Path> archive = LauncherScenario.recordArchive(w, CopyScenario.NAME, defaults.get());
        archive.ifPresent(a -> options.add("-XX:SharedArchiveFile=" + a));
        return new CopyCommandRunner(w, Optional.of(List.copyOf(options)), "esbackup copy in a new JVM with the "
                + "launcher's options" + (archive.isPresent() ? " and class-data archive" : " (no class-data archive "
                + "could be recorded here)") + ", JVM start and exit included");
    }

    /** How the rows were measured, for their notes. */
    String how() {
        return how;
    }

    /**
     * Copies every backup of the folder {@code source} to {@code to} (a folder, or {@code azure://CONTAINER} with
     * the account in {@code environment}), {@code concurrency} at a time; fails unless all of them were copied.
     */
    Run copy(String name, Path store, Path source, String to, int concurrency, Map<String, String> environment) {
        return command.isPresent() ? byCommand(name, store, source, to, concurrency, environment)
                : byService(store, source, to, concurrency, environment);
    }

    private Run byCommand(String name, Path store, Path source, String to, int concurrency,
                          Map<String, String> environment) {
        Path stdout = w.file(name + ".json");
        ChildJvm.CommandRun run = w.jvm().command(name, command.get(), LauncherScenario.COMMAND, List.of("--store",
                store.toString(), "--backups", "file:" + source, "--json", "copy", "--to", to, "--concurrency",
                String.valueOf(concurrency)), environment, stdout);
        JsonNode report;
        try {
            report = Json.tree(Files.readAllBytes(stdout));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the copy's report " + stdout, e);
        }
        if (report.path("failed").asLong(-1) != 0 || report.path("stoppedEarly").asBoolean(true)) {
            throw new IllegalStateException("esbackup copy to " + to + " did not finish: " + report);
        }
        return new Run(run.seconds(), report.path("elapsedMillis").asLong() / 1e3, report.path("copied").asLong(),
                run.heapPeakBytes(), run.rssPeakBytes());
    }

    private Run byService(Path store, Path source, String to, int concurrency, Map<String, String> environment) {
        Map<String, String> o = new LinkedHashMap<>(Map.of("store", store.toString(), "backups", source.toString(),
                "concurrency", String.valueOf(concurrency)));
        if (to.startsWith("azure://")) {
            o.put("container", to.substring("azure://".length()));
        } else {
            o.put("to", to.substring("file:".length()));
        }
        ProbeResult p = w.jvm().run("copy-to", o, environment);
        return new Run(p.seconds(), p.seconds(), p.items(), p.heapPeakBytes(), p.rssPeakBytes());
    }
}
