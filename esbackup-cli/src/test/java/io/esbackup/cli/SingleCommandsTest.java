package io.esbackup.cli;

import static io.esbackup.cli.CliRun.oneDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup, restore, clone and show with the issue's option names; their --json shape and exit codes. */
class SingleCommandsTest {
    private static final List<String> BACKUP_FIELDS = List.of("backupId", "objectName", "objectId", "eventCount",
            "streamVersion", "createdAt", "expiresAt", "sizeBytes", "location", "tags", "description");

    @TempDir
    Path dir;
    private CliRun cli;

    @BeforeEach
    void oneOrder() {
        cli = new CliRun(dir);
        Aggregates.create(dir, "order", "A-1", 7);
    }

    private JsonNode ok(CliRun.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return oneDocument(r);
    }

    @Test
    void backupWithTheIssuesOptionNamesPrintsOneJsonObject() throws IOException {
        JsonNode b = ok(cli.run("--json", "backup", "order", "A-1", "--snapshots", "--no-document", "--terminated",
                "--compression", "none", "--retention", "PT1H", "--description", "before migration",
                "--tag", "reason=pre-migration", "--tag", "operator=admin"));

        assertThat(b.isObject()).isTrue();
        BACKUP_FIELDS.forEach(f -> assertThat(b.has(f)).as(f).isTrue());
        assertThat(b.path("objectName").asText()).isEqualTo("order");
        assertThat(b.path("objectId").asText()).isEqualTo("A-1");
        assertThat(b.path("eventCount").asInt()).isEqualTo(7);
        assertThat(b.path("streamVersion").asInt()).isEqualTo(6);
        assertThat(b.path("createdAt").asText()).isEqualTo("2024-09-17T08:30:00Z");
        assertThat(b.path("expiresAt").asText()).isEqualTo("2024-09-17T09:30:00Z");
        assertThat(b.path("sizeBytes").asLong()).isPositive();
        assertThat(b.path("location").asText()).contains(b.path("backupId").asText());
        assertThat(b.path("tags").path("operator").asText()).isEqualTo("admin");
        assertThat(b.path("description").asText()).isEqualTo("before migration");

        JsonNode shown = ok(cli.run("--json", "show", b.path("backupId").asText()));
        assertThat(shown.path("compression").asText()).isEqualTo("none");
        assertThat(shown.path("includesObjectDocument").asBoolean()).isFalse();
        assertThat(shown.path("includesSnapshots").asBoolean()).isTrue();
        assertThat(shown.path("includesTerminatedStreams").asBoolean()).isTrue();
    }

    @Test
    void backupPrintsItsIdInText() {
        CliRun.Result r = cli.run("backup", "order", "A-1", "--retention", "45m");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).matches("(?s)Backed up order/A-1: backup [0-9a-f-]{36}, 7 events.*");
        assertThat(cli.run("--quiet", "backup", "order", "A-1").out()).isEmpty();
    }

    @Test
    void restoreWithTheIssuesOptionNames() throws IOException {
        String id = ok(cli.run("--json", "backup", "order", "A-1")).path("backupId").asText();

        CliRun.Result conflict = cli.run("restore", id);
        assertThat(conflict.exitCode()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(conflict.err().lines()).hasSize(1).first().asString().startsWith("esbackup: ")
                .contains("A-1", "overwrite");
        assertThat(conflict.out()).isEmpty();

        JsonNode r = ok(cli.run("--json", "restore", id, "--overwrite", "--no-validate", "--no-document",
                "--no-snapshots", "--purge-replaced"));
        assertThat(r.isObject()).isTrue();
        assertThat(r.path("backupId").asText()).isEqualTo(id);
        assertThat(r.path("eventsRestored").asInt()).isEqualTo(7);
        assertThat(r.path("replacedStreamIdentifier").asText()).isNotEmpty();
    }

    @Test
    void cloneToANewId() throws IOException {
        String id = ok(cli.run("--json", "backup", "order", "A-1")).path("backupId").asText();

        JsonNode r = ok(cli.run("--json", "clone", id, "A-2"));

        assertThat(r.path("objectId").asText()).isEqualTo("A-2");
        assertThat(cli.run("clone", id, "A-2").exitCode()).isEqualTo(ExitCodes.CONFLICT);
    }

    @Test
    void notFoundIsExitCode4() {
        CliRun.Result stream = cli.run("backup", "order", "A-404");
        assertThat(stream.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(stream.err().lines()).hasSize(1);
        for (String command : List.of("show", "restore", "validate", "delete")) {
            CliRun.Result r = cli.run(command, "00000000-0000-4000-8000-000000000000");
            assertThat(r.exitCode()).as(command).isEqualTo(ExitCodes.NOT_FOUND);
            assertThat(r.err()).as(command).contains("not found").doesNotContain("\tat ");
        }
        assertThat(cli.run("clone", "00000000-0000-4000-8000-000000000000", "A-9").exitCode())
                .isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void aCorruptBackupIsExitCode3() throws IOException {
        String id = ok(cli.run("--json", "backup", "order", "A-1")).path("backupId").asText();
        Path archive;
        try (Stream<Path> files = Files.walk(dir.resolve("esbackups/backups"))) {
            archive = files.filter(p -> p.getFileName().toString().equals(id + ".json")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(archive, bytes);

        CliRun.Result validate = cli.run("--json", "validate", "--all");
        assertThat(validate.exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
        JsonNode report = oneDocument(validate).get(0);
        assertThat(report.path("valid").asBoolean()).isFalse();
        assertThat(report.path("problems")).isNotEmpty();
        assertThat(validate.err()).contains("is invalid");
        assertThat(cli.run("restore", id, "--overwrite").exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
    }

    @Test
    void badUsageIsExitCode2WithOneSentenceAndTheHelpHint() {
        List<String[]> bad = List.of(
                new String[] {"backup", "order", "A-1", "--frobnicate"},
                new String[] {"backup", "order", "A-1", "--retention", "5 weeks"},
                new String[] {"backup", "order", "A-1", "--retention", "-3d"},
                new String[] {"backup", "order", "A-1", "--compression", "xz"},
                new String[] {"backup", "order", "A-1", "--tag", "k"},
                new String[] {"backup", "order"},
                new String[] {"list", "--since", "last tuesday"},
                new String[] {"show", "not-a-uuid"},
                new String[] {"restore", "1-2-3-4-5"},
                new String[] {"clone", "not-a-uuid", "A-2"});
        for (String[] args : bad) {
            CliRun.Result r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("esbackup: ")
                    .contains("--help").doesNotContain("\tat ");
            assertThat(r.out()).isEmpty();
        }
        assertThat(cli.run("backup", "order", "A-1", "--retention", "5 weeks").err())
                .contains("--retention", "'5 weeks' is not a duration", "30d", "12h", "45m", "PT1H", "P30D");
        assertThat(cli.run("list", "--since", "last tuesday").err()).contains("--since", "is not a time");
        assertThat(cli.run("show", "not-a-uuid").err()).contains("'not-a-uuid' is not a backup id");
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun.Result r = cli.run("--verbose", "backup", "order", "A-404");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err()).contains("\tat ", "StreamNotFoundException");
    }
}
