package io.esbackup.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the baselines that are commands ({@code zstd}, {@code tar | zstd}) and times them from outside. */
final class Shell {
    private Shell() {}

    /** Whether {@code program} is an executable on the PATH. */
    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code command} with stdout into {@code stdout} and returns its wall time in seconds, process start
     * included (a few milliseconds, negligible against the runs it is used for).
     */
    static double time(List<String> command, Path stdout) {
        try {
            Path err = Files.createTempFile("esbackup-bench-", ".err");
            try {
                long start = System.nanoTime();
                Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(err.toFile())
                        .start();
                int exit = p.waitFor();
                double seconds = (System.nanoTime() - start) / 1e9;
                if (exit != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (exit " + exit + "): "
                            + Files.readString(err, StandardCharsets.UTF_8).strip());
                }
                return seconds;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** {@code tar -cf - -C dir . | zstd -1 --single-thread} into {@code out}. */
    static double tarZstd(Path dir, Path out) {
        return time(List.of("bash", "-c", "set -o pipefail; tar -cf - -C \"$1\" . | zstd -1 --single-thread -q -c",
                "tar-zstd", dir.toString()), out);
    }
}
