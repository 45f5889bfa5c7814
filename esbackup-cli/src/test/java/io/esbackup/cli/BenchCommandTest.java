package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code esbackup bench} end to end at tiny sizes, and its usage errors. */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void runsTheChosenScenariosAndPrintsOneJsonDocument() throws IOException {
        CliRun.Result r = new CliRun(dir).run("--json", "bench", "--scenario", "big-stream", "--scenario",
                "many-streams", "--events", "500", "--streams", "20", "--dir", "work");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode report = CliRun.oneDocument(r);
        assertThat(report.path("options").path("scenarios")).hasSize(2);
        JsonNode first = report.path("measurements").get(0);
        assertThat(first.path("operation").asText()).isEqualTo("backup");
        assertThat(first.path("items").asLong()).isEqualTo(500);
        assertThat(first.path("rssPeakBytes").asLong()).isPositive();
        assertThat(report.path("comparisons").findValuesAsText("verdict")).containsAnyOf("PASS", "MISS");
        assertThat(r.err()).contains("bench: generating");
        assertThat(dir.resolve("work/stores")).isDirectory();
    }

    @Test
    void theCopyScenarioRunsTheCopyCommandAsAUserRunsItAndChecksEveryCopy() throws IOException {
        CliRun.Result r = new CliRun(dir).run("--json", "bench", "--scenario", "copy", "--streams", "8", "--dir",
                "work");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode copy = CliRun.oneDocument(r).path("measurements").get(0);
        assertThat(copy.path("operation").asText()).isEqualTo("copy to a folder");
        assertThat(copy.path("items").asLong()).isEqualTo(8);
        assertThat(copy.path("note").asText()).contains("esbackup copy in a new JVM with the launcher's options",
                "checked: 8 manifests, all 24 files byte for byte", "8 backups validated");
        assertThat(copy.path("rssPeakBytes").asLong()).isPositive();
    }

    @Test
    void printsTheTableWithRatiosAndVerdicts() {
        CliRun.Result r = new CliRun(dir).run("bench", "--scenario", "memory", "--events", "300");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Machine:", "backup 30 events", "backup 300 events", "< 1.2x")
                .containsAnyOf("PASS", "MISS");
    }

    @Test
    void badOptionsAreUsageErrorsThatNameTheOption() {
        CliRun cli = new CliRun(dir);
        CliRun.Result events = cli.run("bench", "--events", "0");
        assertThat(events.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(events.err()).contains("--events must be at least 10, was 0");
        CliRun.Result streams = cli.run("bench", "--streams", "-3");
        assertThat(streams.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(streams.err()).contains("--streams must be a positive number, was -3");
        CliRun.Result scenario = cli.run("bench", "--scenario", "gcs");
        assertThat(scenario.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(scenario.err()).contains("unknown scenario 'gcs'; the scenarios are: big-stream, many-streams, "
                + "memory, launcher, azure, table, s3, registry, copy");
        CliRun.Result notANumber = cli.run("bench", "--events", "lots");
        assertThat(notANumber.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theAzureScenarioByNameNeedsAnAccount() {
        CliRun.Result r = new CliRun(dir).run("bench", "--scenario", "azure", "--streams", "5");
        if (System.getenv("AZURE_STORAGE_CONNECTION_STRING") == null) {
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains("--scenario azure needs an Azure account", "bench/azurite.sh");
        }
    }

    @Test
    void aWorkFolderThatIsNotEmptyIsRefused() throws IOException {
        java.nio.file.Files.writeString(dir.resolve("keep.txt"), "mine");
        CliRun.Result r = new CliRun(dir).run("bench", "--scenario", "memory", "--events", "100", "--dir", ".");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("is not empty");
        assertThat(dir.resolve("keep.txt")).hasContent("mine");
    }
}
