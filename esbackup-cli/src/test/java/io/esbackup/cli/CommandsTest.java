package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup, list, show, validate, restore and clone against the demo's store. */
class CommandsTest {
    @TempDir
    Path dir;
    private CliRun cli;
    private JsonNode demo;

    @BeforeEach
    void demo() throws IOException {
        cli = new CliRun(dir);
        CliRun.Result r = cli.run("--json", "demo");
        assertThat(r.exitCode()).as(r.err()).isZero();
        demo = Json.mapper().readTree(r.out());
    }

    private String objectId(String kind) {
        return "demo-" + demo.path("run").asText() + "-" + kind;
    }

    private String backupId(String kind) {
        for (JsonNode a : demo.path("aggregates")) {
            if (a.path("kind").asText().equals(kind)) {
                return a.path("backup").path("backupId").asText();
            }
        }
        throw new AssertionError("no " + kind + " aggregate in the demo's output");
    }

    private JsonNode json(CliRun.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return CliRun.oneDocument(r);
    }

    @Test
    void listFiltersByTagAndObject() throws IOException {
        assertThat(json(cli.run("list", "--json"))).hasSize(4);
        assertThat(json(cli.run("list", "--json", "--tag", "demo-run=" + demo.path("run").asText()))).hasSize(4);
        assertThat(json(cli.run("list", "--json", "--tag", "demo-run=other"))).isEmpty();
        JsonNode one = json(cli.run("list", "--json", "--object-name", "order", "--object-id", objectId("plain")));
        assertThat(one.get(0).path("backupId").asText()).isEqualTo(backupId("plain"));

        CliRun.Result text = cli.run("list", "--max", "2");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out().lines()).hasSize(3).first().asString().startsWith("BACKUP ID");
    }

    @Test
    void showPrintsTheManifest() throws IOException {
        JsonNode shown = json(cli.run("show", backupId("snapshots"), "--json"));
        assertThat(shown.path("snapshotCount").asInt()).isEqualTo(2);
        assertThat(shown.path("sha256").asText()).hasSize(64);
        assertThat(cli.run("show", backupId("snapshots")).out()).contains("compression", "zstd");
    }

    @Test
    void unknownOrMalformedBackupIds() {
        CliRun.Result missing = cli.run("show", "00000000-0000-4000-8000-000000000000");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).contains("not found");
        assertThat(cli.run("restore", "not-a-uuid").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void validateReportsAFlippedByteWithExitCode3AndRestoreRefusesIt() throws IOException {
        assertThat(cli.run("validate", "--all").exitCode()).isZero();
        String id = backupId("plain");
        Path archive = archive(id);
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(archive, bytes);

        CliRun.Result r = cli.run("validate", id, backupId("chunked"));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
        assertThat(r.out()).contains("INVALID", "valid");
        assertThat(r.err()).contains("esbackup: Backup " + id + " is invalid");

        Files.delete(dir.resolve("esdata/object-document-store/order/" + objectId("plain") + ".json"));
        CliRun.Result restore = cli.run("restore", id);
        assertThat(restore.exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
        assertThat(dir.resolve("esdata/object-document-store/order/" + objectId("plain") + ".json")).doesNotExist();
    }

    @Test
    void backupWithOptions() throws IOException {
        JsonNode b = json(cli.run("--json", "backup", "order", objectId("chunked"), "--full", "--retention", "30d",
                "--compression", "GZIP", "--tag", "reason=pre-migration", "--description", "before migration"));
        assertThat(b.path("eventCount").asInt()).isEqualTo(23);
        assertThat(b.path("expiresAt").asText()).isNotEmpty();
        assertThat(b.path("tags").path("reason").asText()).isEqualTo("pre-migration");
        JsonNode shown = json(cli.run("--json", "show", b.path("backupId").asText()));
        assertThat(shown.path("compression").asText()).isEqualTo("gzip");
        assertThat(shown.path("includesSnapshots").asBoolean()).isTrue();
    }

    @Test
    void backupErrors() {
        CliRun.Result missing = cli.run("backup", "order", "no-such-order");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).contains("order/no-such-order");
        assertThat(cli.run("backup", "order", "a/b").exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRun.Result retention = cli.run("backup", "order", objectId("plain"), "--retention", "soon");
        assertThat(retention.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(retention.err()).contains("30d");
    }

    @Test
    void restoreOntoALiveAggregateNeedsOverwrite() throws IOException {
        String id = backupId("chunked");
        CliRun.Result refused = cli.run("restore", id);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(refused.err()).contains(objectId("chunked"), "overwrite");

        JsonNode restored = json(cli.run("--json", "restore", id, "--overwrite"));
        assertThat(restored.path("eventsRestored").asInt()).isEqualTo(23);
        assertThat(restored.path("replacedStreamIdentifier").asText()).isNotEmpty();
        assertThat(cli.run("validate", "--all").exitCode()).isZero();
    }

    @Test
    void restoreOverALiveAggregateWithATerminatedStream() throws IOException {
        String id = backupId("terminated");

        JsonNode restored = json(cli.run("--json", "restore", id, "--overwrite"));
        assertThat(restored.path("eventsRestored").asInt()).isEqualTo(4);
        JsonNode again = json(cli.run("--json", "restore", id, "--overwrite", "--no-terminated-streams"));
        assertThat(again.path("terminatedStreamsRestored").asInt()).isZero();
        assertThat(cli.run("validate", id).exitCode()).isZero();
    }

    @Test
    void restoreADeletedAggregate() throws IOException {
        Path document = dir.resolve("esdata/object-document-store/order/" + objectId("snapshots") + ".json");
        Files.delete(document);

        JsonNode restored = json(cli.run("--json", "restore", backupId("snapshots")));
        assertThat(restored.path("eventsRestored").asInt()).isEqualTo(12);
        assertThat(restored.path("snapshotsRestored").asInt()).isEqualTo(2);
        assertThat(document).exists();
    }

    @Test
    void cloneToANewIdOnce() throws IOException {
        JsonNode cloned = json(cli.run("--json", "clone", backupId("snapshots"), "order-copy"));
        assertThat(cloned.path("objectId").asText()).isEqualTo("order-copy");
        assertThat(cloned.path("eventsRestored").asInt()).isEqualTo(12);
        assertThat(cli.run("clone", backupId("snapshots"), "order-copy").exitCode()).isEqualTo(ExitCodes.CONFLICT);
    }

    private Path archive(String backupId) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir.resolve("esbackups/backups"))) {
            files.filter(p -> p.getFileName().toString().equals(backupId + ".json")).forEach(found::add);
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
