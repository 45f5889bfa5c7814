package io.esbackup.cli;

import static io.esbackup.cli.CliRun.oneDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code esbackup copy} in a child JVM killed with SIGKILL part-way, then run again: the destination ends with
 * exactly the source's backups, each once, all valid; what the kill left half-written is invisible and finished.
 */
class CopyKilledProcessTest {
    private static final int AGGREGATES = 400;

    @TempDir
    Path dir;

    private Map<String, String> listed(CliRun cli, String backups) throws IOException {
        CliRun.Result r = cli.run("--backups", backups, "--json", "list");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, String> out = new TreeMap<>();
        oneDocument(r).forEach(b -> out.put(b.path("backupId").asText(), b.path("sizeBytes").asText()));
        return out;
    }

    /** The manifests under {@code root}, counted while a copy may be writing there. */
    private long manifests(Path root) throws IOException {
        while (true) {
            if (!Files.exists(root)) {
                return 0;
            }
            try (Stream<Path> all = Files.walk(root)) {
                return all.filter(p -> p.getFileName().toString().endsWith(".meta")).count();
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e;
                }
                // A temporary file renamed into place between the listing and its look: count again.
            }
        }
    }

    @Test
    void aCopyKilledWithSigkillAndRunAgainLeavesEveryBackupOnceAndValid() throws Exception {
        Aggregates.createMany(dir, "order", "A", AGGREGATES);
        CliRun cli = new CliRun(dir);
        CliRun.Result made = cli.run("--quiet", "backup-many", "order", "--all");
        assertThat(made.exitCode()).as(made.err()).isZero();
        Path dr = dir.resolve("dr");

        List<String> command = new ArrayList<>(List.of(Processes.java(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--quiet", "copy", "--to",
                "file:./dr", "--concurrency", "1"));
        Process copy = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("copy.log").toFile()).start();
        long seen = 0;
        try {
            for (int i = 0; i < 6000 && copy.isAlive() && seen < AGGREGATES / 10; i++) {
                Thread.sleep(10);
                seen = manifests(dr);
            }
            assertThat(copy.isAlive()).as("the copy was still running when killed; its log: %s",
                    Files.exists(dir.resolve("copy.log")) ? Files.readString(dir.resolve("copy.log")) : "").isTrue();
        } finally {
            copy.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        }
        assertThat(copy.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long copiedBeforeKill = manifests(dr);
        assertThat(copiedBeforeKill).as("killed part-way").isBetween(1L, AGGREGATES - 1L);

        CliRun.Result again = cli.run("--json", "copy", "--to", "file:./dr");

        assertThat(again.exitCode()).as(again.err()).isZero();
        JsonNode report = oneDocument(again);
        assertThat(report.path("copied").asLong() + report.path("skipped").asLong()).isEqualTo(AGGREGATES);
        assertThat(report.path("skipped").asLong()).isGreaterThanOrEqualTo(copiedBeforeKill);
        assertThat(listed(cli, "file:./dr")).isEqualTo(listed(cli, "file:./esbackups"));
        assertThat(manifests(dr)).as("one manifest per backup, none twice").isEqualTo(AGGREGATES);
        try (Stream<Path> files = Files.list(dr.resolve("backup-index"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            // The write the kill cut off left its temporary file, which no reader sees and clean-up removes.
            assertThat(names.stream().filter(n -> !n.startsWith(".esb-tmp-"))).as("one id pointer per backup")
                    .hasSize(AGGREGATES).allSatisfy(n -> java.util.UUID.fromString(n));
        }
        CliRun.Result valid = cli.run("--backups", "file:./dr", "--json", "validate", "--all");
        assertThat(valid.exitCode()).as(valid.err()).isZero();
        assertThat(StreamSupport.stream(oneDocument(valid).spliterator(), false)
                .filter(v -> v.path("valid").asBoolean())).hasSize(AGGREGATES);
    }
}
