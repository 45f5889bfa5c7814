package io.esbackup.cli;

import static io.esbackup.cli.CliRun.oneDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code esbackup forget}: dry run, --json with the rules that kept each backup, a real run, usage errors. */
class ForgetCommandTest {
    @TempDir
    Path dir;
    private CliRun cli;

    @BeforeEach
    void twoOrders() {
        cli = new CliRun(dir);
        Aggregates.createMany(dir, "order", "o", 2);
    }

    private String backupAt(String instant, String objectId, String... options) throws IOException {
        cli.at(Instant.parse(instant));
        String[] args = Stream.concat(Stream.of("--json", "backup", "order", objectId), Stream.of(options))
                .toArray(String[]::new);
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return oneDocument(r).path("backupId").asText();
    }

    private List<String> listed() throws IOException {
        CliRun.Result r = cli.run("--json", "list");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return StreamSupport.stream(oneDocument(r).spliterator(), false).map(b -> b.path("backupId").asText())
                .toList();
    }

    private static List<String> ids(JsonNode backups) {
        return StreamSupport.stream(backups.spliterator(), false).map(b -> b.path("backupId").asText()).toList();
    }

    @Test
    void aDryRunPrintsTheDecisionAndARealRunCarriesItOut() throws IOException {
        String day1Morning = backupAt("2024-09-01T08:00:00Z", "o-1");
        String day1Evening = backupAt("2024-09-01T20:00:00Z", "o-1", "--tag", "release=1.0");
        String day2 = backupAt("2024-09-02T08:00:00Z", "o-1");
        String day3 = backupAt("2024-09-03T08:00:00Z", "o-1");
        String other = backupAt("2024-09-01T09:00:00Z", "o-2");
        cli.at(Instant.parse("2024-09-04T00:00:00Z"));

        CliRun.Result dry = cli.run("--json", "forget", "--object-name", "order", "--object-id", "o-1",
                "--keep-daily", "2", "--keep-tag", "release=1.0", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        JsonNode json = oneDocument(dry);
        assertThat(json.path("dryRun").asBoolean()).isTrue();
        assertThat(json.path("keptCount").asInt()).isEqualTo(3);
        assertThat(json.path("removedCount").asInt()).isEqualTo(1);
        assertThat(json.path("failedCount").asInt()).isZero();
        assertThat(json.path("aggregates")).hasSize(1);
        JsonNode o1 = json.path("aggregates").get(0);
        assertThat(o1.path("objectId").asText()).isEqualTo("o-1");
        assertThat(ids(o1.path("kept"))).containsExactly(day3, day2, day1Evening);
        assertThat(o1.path("kept").get(0).path("reasons").toString()).isEqualTo("[\"daily\"]");
        assertThat(o1.path("kept").get(2).path("reasons").toString()).isEqualTo("[\"tag release=1.0\"]");
        assertThat(ids(o1.path("removed"))).containsExactly(day1Morning);
        assertThat(listed()).as("a dry run removes nothing").hasSize(5);

        CliRun.Result real = cli.run("forget", "--object-name", "order", "--keep-daily", "2",
                "--keep-tag", "release=1.0");
        assertThat(real.exitCode()).as(real.err()).isZero();
        assertThat(real.out()).contains("order/o-1: keep 3, removed 1")
                .contains("  remove  " + day1Morning)
                .contains("  keep    " + day1Evening + "  2024-09-01T20:00:00Z  tag release=1.0")
                .contains("order/o-2: keep 1, removed 0")
                .contains("Removed 1 backup, kept 4 backups of 2 aggregates.");
        assertThat(listed()).containsExactlyInAnyOrder(day3, day2, day1Evening, other);
        CliRun.Result restore = cli.run("clone", day1Evening, "o-9");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
    }

    @Test
    void keepWithinCountsFromTheNewestBackupNotFromNow() throws IOException {
        String old = backupAt("2024-09-01T08:00:00Z", "o-1");
        String edge = backupAt("2024-09-08T08:00:00Z", "o-1");
        String inside = backupAt("2024-09-08T08:00:01Z", "o-1");
        String newest = backupAt("2024-09-15T08:00:00Z", "o-1");
        cli.at(Instant.parse("2025-01-01T00:00:00Z")); // months later: every backup is older than 7d from now

        CliRun.Result r = cli.run("--json", "forget", "--object-name", "order", "--keep-within", "7d");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o1 = oneDocument(r).path("aggregates").get(0);
        assertThat(ids(o1.path("kept"))).containsExactly(newest, inside);
        assertThat(o1.path("kept").get(0).path("reasons").toString()).isEqualTo("[\"within PT168H\"]");
        assertThat(ids(o1.path("removed"))).containsExactly(edge, old);
        assertThat(listed()).containsExactlyInAnyOrder(newest, inside);
    }

    @Test
    void usageErrorsNameTheOptionAndDeleteNothing() throws IOException {
        backupAt("2024-09-01T08:00:00Z", "o-1");
        backupAt("2024-09-02T08:00:00Z", "o-1");
        String[][] cases = {
            {"forget"},
            {"forget", "--keep-last", "0"},
            {"forget", "--keep-daily", "-1"},
            {"forget", "--keep-tag", "release"},
            {"forget", "--keep-tag", "=1.0"},
            {"forget", "--object-id", "o-1", "--keep-last", "1"},
            {"forget", "--keep-within", "0d"},
            {"forget", "--keep-within", "soon"},
        };
        String[] mentions = {"--keep-last", "--keep-tag", "--keep-daily", "--keep-tag", "--keep-tag",
            "--object-name", "--keep-within", "--keep-within"};
        for (int i = 0; i < cases.length; i++) {
            CliRun.Result r = cli.run(cases[i]);
            assertThat(r.exitCode()).as("%s: %s", String.join(" ", cases[i]), r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(String.join(" ", cases[i])).startsWith("esbackup: ").contains(mentions[i]);
        }
        assertThat(listed()).hasSize(2);
    }
}
