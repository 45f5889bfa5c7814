package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program as a process, as a user would, for the tests of what the build made (*IT). */
final class Processes {
    /** Long enough for a first run that records a class-data archive on a busy machine. */
    private static final long TIMEOUT_SECONDS = 180;

    record Result(int exitCode, String out, String err) {}

    private Processes() {}

    /** The java of the JVM that runs the tests, so the processes use the same JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code command} in {@code dir} with {@code environment} added, and waits for it. */
    static Result run(Path dir, Map<String, String> environment, List<String> command) throws IOException,
            InterruptedException {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        assertThat(done).as("%s finished within %d s; stderr: %s", command, TIMEOUT_SECONDS, r.err()).isTrue();
        return r;
    }
}
