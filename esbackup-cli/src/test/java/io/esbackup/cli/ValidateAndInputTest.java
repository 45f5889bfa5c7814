package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate checks every backup it is asked about, and bulk input problems are reported as what they are. */
class ValidateAndInputTest {
    @TempDir
    Path dir;

    private List<String> backupIds(CliRun cli) throws IOException {
        List<String> ids = new ArrayList<>();
        CliRun.oneDocument(cli.run("--json", "list")).forEach(b -> ids.add(b.path("backupId").asText()));
        return ids;
    }

    @Test
    void validateAllReportsABackupWhoseManifestIsDamagedAndExitsWith3() throws IOException {
        Aggregates.createMany(dir, "order", "o", 3);
        CliRun cli = new CliRun(dir);
        assertThat(cli.run("--quiet", "backup-many", "order", "--all").exitCode()).isZero();
        Path manifest;
        try (Stream<Path> files = Files.walk(dir.resolve("esbackups"))) {
            manifest = files.filter(p -> p.toString().endsWith(".meta")).findFirst().orElseThrow();
        }
        Files.writeString(manifest, "{garbage");

        CliRun.Result r = cli.run("--json", "validate", "--all");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
        JsonNode reports = CliRun.oneDocument(r);
        assertThat(reports).hasSize(3);
        assertThat(reports.findValuesAsText("valid")).containsExactlyInAnyOrder("false", "true", "true");
    }

    @Test
    void validateOfSeveralIdsReportsEachAndExitsWith4ForAMissingOne() throws IOException {
        Aggregates.createMany(dir, "order", "o", 1);
        CliRun cli = new CliRun(dir);
        cli.run("--quiet", "backup-many", "order", "--all");
        String good = backupIds(cli).get(0);
        String missing = "00000000-0000-4000-8000-000000000000";

        CliRun.Result r = cli.run("--json", "validate", good, missing);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        JsonNode reports = CliRun.oneDocument(r);
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0).path("valid").asBoolean()).isTrue();
        assertThat(reports.get(1).path("found").asBoolean()).isFalse();
    }

    @Test
    void anUnreadableIdsFileStopsTheRunAndSaysWhy() throws IOException {
        Aggregates.createMany(dir, "order", "o", 1);
        Files.write(dir.resolve("bad.txt"), new byte[] {'o', '-', '1', '\n', (byte) 0xff, '\n'});
        CliRun cli = new CliRun(dir);

        CliRun.Result r = cli.run("--json", "backup-many", "order", "--ids", "bad.txt");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        JsonNode report = CliRun.oneDocument(r);
        assertThat(report.path("stopReason").asText()).isEqualTo("input-failed");
        assertThat(report.path("inputError").asText()).contains("cannot read the ids from");
        assertThat(r.err()).contains("reading its input failed").doesNotContain("interrupted");
    }

    @Test
    void aByteOrderMarkBeforeTheFirstIdIsNotPartOfIt() throws IOException {
        Aggregates.createMany(dir, "order", "o", 1);
        Files.write(dir.resolve("bom.txt"),
                new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'o', '-', '1', '\r', '\n'});

        CliRun.Result r = new CliRun(dir).run("backup-many", "order", "--ids", "bom.txt");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Backed up 1 stream");
    }
}
