package io.esbackup.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import picocli.CommandLine;

/** Runs the command line in-process with captured stdout and stderr, as picocli's testing chapter does. */
final class CliRun {
    /** Seeded, so a failure replays; one environment per test, so runs within a test differ. */
    static final long SEED = 20240917L;

    record Result(int exitCode, String out, String err) {}

    private final CliEnvironment environment;

    CliRun(Path workingDirectory) {
        this.environment = new CliEnvironment(workingDirectory,
                Clock.fixed(Instant.parse("2024-09-17T08:30:00Z"), ZoneOffset.UTC), new Random(SEED));
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(environment);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
