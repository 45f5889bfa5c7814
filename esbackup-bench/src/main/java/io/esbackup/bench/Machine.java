package io.esbackup.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on, read off the running machine. */
public record Machine(String cpu, int cores, long memoryBytes, String jdk, String os, String disk) {

    /** This machine; {@code workDir} is where the stores and backups are written. */
    public static Machine current(Path workDir) {
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), memTotal(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"), disk(workDir));
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch"));
    }

    private static long memTotal() {
        return procLine("/proc/meminfo", "MemTotal").map(v -> Long.parseLong(v.replaceAll("\\D", "")) * 1024)
                .orElse(-1L);
    }

    private static String disk(Path dir) {
        try {
            FileStore store = Files.getFileStore(dir);
            return store.name() + " (" + store.type() + ", " + store.getUsableSpace() / 1_000_000_000 + " GB free)";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The value of the first {@code key: value} line of a /proc file. */
    static java.util.Optional<String> procLine(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
