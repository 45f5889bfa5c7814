package io.esbackup.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Starts a {@link Probe} in a new JVM on this JVM's class path and returns what it measured. Its stderr goes
 * to a log file in {@code logs}, quoted when it fails.
 */
final class ChildJvm {
    /**
     * The child's heap limit: fixed so that two runs (and 100k against 1M events) are measured under the same
     * limit, instead of a quarter of whatever memory the machine has. 1 GiB is far above what a streaming
     * backup needs; a smaller one would make the GC, not esbackup, decide the RSS.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xmx1g");

    private final Path logs;
    private final AtomicInteger runs = new AtomicInteger();

    ChildJvm(Path logs) {
        this.logs = logs;
    }

    ProbeResult run(String operation, Map<String, String> options, Map<String, String> environment) {
        return run(operation, options, environment, JVM_OPTIONS);
    }

    /** As {@link #run(String, Map, Map)} with other JVM options (the memory scenario's fixed, small heap). */
    ProbeResult run(String operation, Map<String, String> options, Map<String, String> environment,
                    List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(Probe.class.getName());
        command.add(operation);
        options.forEach((k, v) -> command.add(k + "=" + v));
        Path log = logs.resolve(runs.incrementAndGet() + "-" + operation + ".log");
        try {
            Files.createDirectories(logs);
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
            pb.environment().putAll(environment);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            String last = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
            if (exit != 0 || last == null) {
                throw new IllegalStateException("the measured operation '" + operation + "' failed (exit " + exit
                        + "): " + tail(log));
            }
            return ProbeResult.fromJson(last);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a JVM for '" + operation + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring '" + operation + "'", e);
        }
    }

    /** What a program run in its own JVM took: wall time from the process's start to its end, and its peaks. */
    record CommandRun(double seconds, long rssPeakBytes, long heapPeakBytes) {}

    /**
     * Runs {@code mainClass} with {@code args} in a new JVM with {@code jvmOptions} (through {@link CommandProbe},
     * which reports its peaks), and returns its wall time, JVM start and exit included, as a user waits for it.
     */
    CommandRun command(String name, List<String> jvmOptions, String mainClass, List<String> args) {
        return command(name, jvmOptions, mainClass, args, Map.of(), null);
    }

    /**
     * As {@link #command(String, List, String, List)}, with {@code environment} added to this one's, and the
     * program's stdout kept in {@code stdout} (discarded when {@code null}).
     */
    CommandRun command(String name, List<String> jvmOptions, String mainClass, List<String> args,
                       Map<String, String> environment, Path stdout) {
        String run = runs.incrementAndGet() + "-" + name;
        Path peaks = logs.resolve(run + ".peaks");
        List<String> command = new ArrayList<>(jvmOptions);
        command.add("-D" + CommandProbe.PEAKS_PROPERTY + "=" + peaks);
        command.addAll(classPathOption());
        command.add(CommandProbe.class.getName());
        command.add(mainClass);
        command.addAll(args);
        double seconds = program(name, command, logs.resolve(run + ".log"), environment, stdout);
        try {
            String[] f = Files.readString(peaks, StandardCharsets.UTF_8).strip().split(" ");
            return new CommandRun(seconds, Long.parseLong(f[0]), Long.parseLong(f[1]));
        } catch (IOException e) {
            throw new IllegalStateException("'" + name + "' left no peaks file: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code java} with {@code javaArguments} (use {@link #classPathOption()} for this JVM's class path) and
     * returns its wall time in seconds; fails with the end of its stderr if it does.
     */
    double program(String name, List<String> javaArguments) {
        return program(name, javaArguments, logs.resolve(runs.incrementAndGet() + "-" + name + ".log"), Map.of(),
                null);
    }

    private double program(String name, List<String> javaArguments, Path log, Map<String, String> environment,
                           Path stdout) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(javaArguments);
        try {
            Files.createDirectories(logs);
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile())
                    .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD
                            : ProcessBuilder.Redirect.to(stdout.toFile()));
            pb.environment().putAll(environment);
            long start = System.nanoTime();
            Process p = pb.start();
            p.getOutputStream().close();
            int exit = p.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (exit != 0) {
                throw new IllegalStateException("'" + name + "' failed (exit " + exit + "): " + tail(log));
            }
            return seconds;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a JVM for '" + name + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + name + "'", e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code -cp} and this JVM's class path, for {@link #program}. */
    static List<String> classPathOption() {
        return List.of("-cp", classPath());
    }

    /** This JVM's class path with absolute entries, so the child finds it from any directory. */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
