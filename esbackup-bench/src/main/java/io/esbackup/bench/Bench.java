package io.esbackup.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the end-to-end scenarios and returns their measurements, each esbackup operation next to baselines
 * measured in the same run on the same bytes. The entry point of {@code esbackup bench}.
 */
public final class Bench {
    /** The scenarios, in the order a full run takes them (memory and launcher reuse big-stream's store). */
    public static final List<String> SCENARIOS = List.of(BigStreamScenario.NAME, ManyStreamsScenario.NAME,
            MemoryScenario.NAME, LauncherScenario.NAME, AzureScenario.NAME, TableScenario.NAME, S3Scenario.NAME,
            RegistryScenario.NAME, CopyScenario.NAME);
    private static final Map<String, Supplier<Scenario>> BY_NAME = Map.of(
            BigStreamScenario.NAME, BigStreamScenario::new, ManyStreamsScenario.NAME, ManyStreamsScenario::new,
            MemoryScenario.NAME, MemoryScenario::new, LauncherScenario.NAME, LauncherScenario::new,
            AzureScenario.NAME, AzureScenario::new, TableScenario.NAME, TableScenario::new, S3Scenario.NAME,
            S3Scenario::new, RegistryScenario.NAME, RegistryScenario::new, CopyScenario.NAME, CopyScenario::new);

    private Bench() {}

    /** Runs {@code options.scenarios()}; progress lines go to {@code log}. */
    public static BenchReport run(BenchOptions options, Consumer<String> log) {
        long start = System.nanoTime();
        Path root = workFolder(options.dir());
        Results results = new Results();
        try {
            // Other processes on the machine change the figures; the report says how busy it was.
            String loadBefore = loadAverage();
            Workspace w = new Workspace(root, new EventGenerator(options.seed()), log);
            for (String name : options.scenarios()) {
                long began = System.nanoTime();
                BY_NAME.get(name).get().run(w, options, results);
                log.accept(String.format("%s: done in %.1f s", name, (System.nanoTime() - began) / 1e9));
            }
            results.notes.add("load average (1, 5, 15 min) at the start: " + loadBefore + "; at the end: "
                    + loadAverage() + " (on " + Runtime.getRuntime().availableProcessors() + " cores)");
            return new BenchReport(Machine.current(root), options, results.measurements, results.comparisons,
                    results.notes, (System.nanoTime() - start) / 1e9);
        } finally {
            if (options.dir() == null) {
                Folders.delete(root);
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Path workFolder(Path dir) {
        try {
            if (dir == null) {
                return Files.createTempDirectory("esbackup-bench-");
            }
            if (Files.isDirectory(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("dir " + dir + " is not empty; give a new or empty folder");
                    }
                }
            }
            Files.createDirectories(dir);
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work folder: " + e.getMessage(), e);
        }
    }
}
