package io.esbackup.cli;

import static io.esbackup.cli.CliRun.oneDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.store.FileEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code restore}, {@code clone} and {@code restore-many} with {@code --to-version} and {@code --to-time}. */
class RestoreToPointCommandTest {
    @TempDir
    Path dir;
    private CliRun cli;
    private String backupId;

    @BeforeEach
    void oneBackedUpOrder() throws IOException {
        cli = new CliRun(dir);
        // Seven events, each stamped 2024-09-16T08:00:00Z.
        Aggregates.create(dir, "order", "A-1", 7);
        backupId = ok(cli.run("--json", "backup", "order", "A-1")).path("backupId").asText();
    }

    private JsonNode ok(CliRun.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return oneDocument(r);
    }

    private int version(String objectId) {
        return new FileEventStore(dir.resolve("esdata")).readDocument("order", objectId).orElseThrow().document()
                .active().currentStreamVersion();
    }

    @Test
    void restoreAndCloneToAPointReportIt() throws IOException {
        JsonNode r = ok(cli.run("--json", "restore", backupId, "--overwrite", "--to-version", "3"));
        assertThat(r.path("streamVersion").asInt()).isEqualTo(3);
        assertThat(r.path("eventsRestored").asInt()).isEqualTo(4);
        assertThat(r.path("toVersion").asInt()).isEqualTo(3);
        assertThat(r.path("toTime").isNull()).isTrue();
        assertThat(version("A-1")).isEqualTo(3);

        JsonNode c = ok(cli.run("--json", "clone", backupId, "A-2", "--to-time", "2024-09-16T10:00:00+02:00"));
        assertThat(c.path("toTime").asText()).isEqualTo("2024-09-16T08:00:00Z");
        assertThat(c.path("toVersion").isNull()).isTrue();
        assertThat(c.path("streamVersion").asInt()).as("every event is stamped at that instant").isEqualTo(6);
        assertThat(version("A-2")).isEqualTo(6);

        CliRun.Result text = cli.run("clone", backupId, "A-3", "--to-version", "0");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("1 events", "at version 0");

        JsonNode many = ok(cli.run("--json", "restore-many", backupId, "--overwrite", "--to-version", "1"));
        assertThat(many.path("successCount").asInt()).as(many.toString()).isEqualTo(1);
        assertThat(many.path("toVersion").asInt()).as(many.toString()).isEqualTo(1);
        assertThat(many.path("toTime").isNull()).as(many.toString()).isTrue();
        assertThat(version("A-1")).isEqualTo(1);
    }

    @Test
    void pointsOutsideTheBackupAndBothOptionsAreUsageErrorsThatWriteNothing() throws IOException {
        Map<Path, String> before = files();
        List<List<String>> bad = List.of(
                List.of("restore", backupId, "--overwrite", "--to-version", "7"),
                List.of("clone", backupId, "A-2", "--to-version", "7"),
                List.of("restore", backupId, "--overwrite", "--to-version", "-1"),
                List.of("restore", backupId, "--overwrite", "--to-version", "2", "--to-time", "2024-09-16"),
                List.of("clone", backupId, "A-2", "--to-time", "2024-09-16T07:59:59.999Z"),
                List.of("restore", backupId, "--overwrite", "--to-time", "2024-09-16"));
        List<String> says = List.of("--to-version 7 is past the end", "--to-version 7 is past the end",
                "--to-version must be 0 or more", "--to-version", "toTime 2024-09-16T07:59:59.999Z is before the first",
                "toTime 2024-09-16T00:00:00Z is before the first");
        for (int i = 0; i < bad.size(); i++) {
            CliRun.Result r = cli.run(bad.get(i).toArray(String[]::new));
            String args = String.join(" ", bad.get(i));
            assertThat(r.exitCode()).as(args).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(args).startsWith("esbackup: ").contains(says.get(i)).doesNotContain("\tat ");
            assertThat(r.out()).as(args).isEmpty();
        }
        assertThat(cli.run("restore", backupId, "--to-version", "2", "--to-time", "2024-09-16").err())
                .contains("--to-version", "--to-time", "mutually exclusive");
        assertThat(files()).as("the store is as it was").isEqualTo(before);
    }

    /** Every file of the store with its size and modification time. */
    private Map<Path, String> files() throws IOException {
        Map<Path, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir.resolve("esdata"))) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                all.put(dir.relativize(p), Files.size(p) + " bytes at " + Files.getLastModifiedTime(p));
            }
        }
        return all;
    }
}
