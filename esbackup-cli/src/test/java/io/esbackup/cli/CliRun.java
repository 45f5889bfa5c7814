package io.esbackup.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine;

/** Runs the command line in-process with captured stdout and stderr, as picocli's testing chapter does. */
final class CliRun {
    /** Seeded, so a failure replays; one environment per test, so runs within a test differ. */
    static final long SEED = 20240917L;
    static final Instant NOW = Instant.parse("2024-09-17T08:30:00Z");

    record Result(int exitCode, String out, String err) {}

    private CliEnvironment environment;
    private Map<String, String> variables;
    private final List<Result> all = new ArrayList<>();

    CliRun(Path workingDirectory) {
        this(new CliEnvironment(workingDirectory, Clock.fixed(NOW, ZoneOffset.UTC), new Random(SEED)));
    }

    CliRun(CliEnvironment environment) {
        this.environment = environment;
    }

    /** Later runs read {@code text} as standard input. */
    CliRun stdin(String text) {
        return stdin(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    CliRun stdin(InputStream in) {
        environment = environment.withStdin(in);
        return this;
    }

    /** Later runs see stderr as a terminal (or not). */
    CliRun terminal(boolean terminal) {
        environment = environment.withStderrTerminal(terminal, 100);
        return this;
    }

    /** Later runs read these environment variables, and no others ({@code ESBACKUP_KEYSET} and the like). */
    CliRun variables(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
        return this;
    }

    /** Every run's result so far, in order: what a test checks no output ever held. */
    List<Result> all() {
        return List.copyOf(all);
    }

    /** Later runs happen at {@code now}. */
    CliRun at(Instant now) {
        environment = environment.withClock(Clock.fixed(now, ZoneOffset.UTC));
        return this;
    }

    /** The output of {@code r} as JSON, failing unless it is exactly one document. */
    static JsonNode oneDocument(Result r) throws IOException {
        return Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(r.out());
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(environment);
        if (variables != null) {
            ((EsBackupCommand) cmd.getCommandSpec().userObject()).variables(variables::get);
        }
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        Result r = new Result(code, out.toString(), err.toString());
        all.add(r);
        return r;
    }
}
