package io.esbackup.cli;

import static io.esbackup.cli.CliRun.oneDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** delete, cleanup, and list and validate with --json, end to end. */
class ManageCommandsTest {
    private static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";

    @TempDir
    Path dir;
    private CliRun cli;

    @BeforeEach
    void threeOrders() {
        cli = new CliRun(dir);
        Aggregates.createMany(dir, "order", "o", 3);
    }

    private JsonNode ok(CliRun.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return oneDocument(r);
    }

    private String backup(String objectId, String... options) throws IOException {
        String[] args = Stream.concat(Stream.of("--json", "backup", "order", objectId), Stream.of(options))
                .toArray(String[]::new);
        return ok(cli.run(args)).path("backupId").asText();
    }

    private List<String> listed(String... options) throws IOException {
        String[] args = Stream.concat(Stream.of("--json", "list"), Stream.of(options)).toArray(String[]::new);
        JsonNode list = ok(cli.run(args));
        assertThat(list.isArray()).isTrue();
        return StreamSupport.stream(list.spliterator(), false).map(b -> b.path("backupId").asText()).toList();
    }

    // ------------------------------------------------------------------ delete

    @Test
    void deleteRemovesBackups() throws IOException {
        String a = backup("o-1");
        String b = backup("o-2");
        String c = backup("o-3");

        CliRun.Result r = cli.run("delete", a, b);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Deleted backup " + a, "Deleted backup " + b);
        assertThat(listed()).containsExactly(c);
        assertThat(cli.run("show", a).exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void deleteWithAnUnknownIdDeletesTheOthersAndExitsWith4() throws IOException {
        String a = backup("o-1");
        String b = backup("o-2");

        CliRun.Result r = cli.run("--json", "delete", a, UNKNOWN, b);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(listed()).isEmpty();
        JsonNode outcome = oneDocument(r);
        assertThat(outcome).hasSize(3);
        assertThat(outcome.get(0).path("deleted").asBoolean()).isTrue();
        assertThat(outcome.get(1).path("backupId").asText()).isEqualTo(UNKNOWN);
        assertThat(outcome.get(1).path("deleted").asBoolean()).isFalse();
        assertThat(outcome.get(1).path("message").asText()).contains("not found");
        assertThat(r.err().lines()).hasSize(1).first().asString()
                .contains("1 of 3 backups were not deleted", UNKNOWN, "the other 2 were deleted");
    }

    @Test
    void deleteOfOneUnknownIdIsNotFound() {
        CliRun.Result r = cli.run("delete", UNKNOWN);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("esbackup: Backup " + UNKNOWN + " not found" + System.lineSeparator());
        assertThat(cli.run("delete").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("delete", UNKNOWN, "x").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    // ------------------------------------------------------------------ cleanup

    @Test
    void cleanupRemovesExpiredAndUnfinishedBackupsAndDryRunOnlyTells() throws IOException {
        String expiring = backup("o-1", "--retention", "1d");
        String kept = backup("o-2", "--retention", "P30D");
        String forever = backup("o-3");
        String unfinished = backup("o-3");
        Path archive = archive(unfinished);
        Files.delete(archive.resolveSibling(unfinished + ".meta"));
        Files.setLastModifiedTime(archive, FileTime.from(CliRun.NOW));
        cli.at(CliRun.NOW.plus(Duration.ofDays(2)));

        JsonNode dry = ok(cli.run("--json", "cleanup", "--dry-run"));
        assertThat(dry.path("dryRun").asBoolean()).isTrue();
        assertThat(dry.path("removedCount").asInt()).isEqualTo(2);
        assertThat(dry.path("expired")).hasSize(1);
        assertThat(dry.path("expired").get(0).path("backupId").asText()).isEqualTo(expiring);
        assertThat(dry.path("unfinished")).hasSize(1);
        assertThat(dry.path("unfinished").get(0).path("backupId").asText()).isEqualTo(unfinished);
        assertThat(dry.path("unfinished").get(0).path("objectId").asText()).isEqualTo("o-3");
        assertThat(listed("--include-expired")).contains(expiring);
        assertThat(archive).exists();

        CliRun.Result text = cli.run("cleanup", "--dry-run");
        assertThat(text.out()).contains("Would remove 1 expired backup and 1 unfinished backup:", expiring,
                unfinished);

        CliRun.Result removed = cli.run("cleanup");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out()).startsWith("Removed 1 expired backup and 1 unfinished backup:");
        assertThat(listed("--include-expired")).containsExactlyInAnyOrder(kept, forever);
        assertThat(archive).doesNotExist();
        assertThat(cli.run("cleanup").out()).startsWith("Nothing to clean up");
    }

    @Test
    void cleanupSweepsTemporaryFilesAbandonedInBothFoldersOverAnHourAgo() throws IOException {
        backup("o-1");
        Path inBackups = abandoned(dir.resolve("esbackups/backups/Order/.esb-tmp-1"), CliRun.NOW);
        Path inStore = abandoned(dir.resolve("esdata/order/.esb-tmp-2"), CliRun.NOW);
        Path young = abandoned(dir.resolve("esdata/order/.esb-tmp-3"), CliRun.NOW.plus(Duration.ofMinutes(90)));
        cli.at(CliRun.NOW.plus(Duration.ofHours(2)));

        JsonNode dry = ok(cli.run("--json", "cleanup", "--dry-run"));
        assertThat(dry.path("temporaryFilesRemoved").asInt()).isEqualTo(2);
        assertThat(dry.path("removedCount").asInt()).isZero();
        assertThat(inBackups).exists();

        CliRun.Result removed = cli.run("cleanup");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out()).isEqualTo("Removed 2 temporary files of writes abandoned over an hour ago."
                + System.lineSeparator());
        assertThat(inBackups).doesNotExist();
        assertThat(inStore).doesNotExist();
        assertThat(young).exists();
        assertThat(ok(cli.run("--json", "cleanup")).path("temporaryFilesRemoved").asInt()).isZero();
        assertThat(listed("--include-expired")).hasSize(1);
    }

    @Test
    void cleanupDeletesTheStreamOfARestoreKilledBeforeItsSwap() throws IOException {
        backup("o-1");
        io.esbackup.store.FileEventStore store = new io.esbackup.store.FileEventStore(dir.resolve("esdata"));
        java.util.UUID run = java.util.UUID.fromString("5d9efe30-5667-41bc-aeea-fa3d9d5e17c3");
        // What a killed restore leaves: its journal entry and a stream no document names.
        store.record(io.esbackup.store.RestoreJournalEntry.started(run, "order", "o-1", "o1-0000000007", CliRun.NOW));
        store.appendEvents("order", io.esbackup.model.StreamInformation.empty("o1-0000000007", "blob"),
                io.esbackup.model.StreamHeader.of("order", "o-1"), java.util.List.<io.esbackup.model.Event>of()
                        .iterator());
        try (Stream<Path> files = Files.walk(dir.resolve("esdata/object-document-store/.esbackup"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, FileTime.from(CliRun.NOW));
            }
        }
        assertThat(store.streamExists("order", "o1-0000000007")).isTrue();
        cli.at(CliRun.NOW.plus(Duration.ofHours(2)));

        JsonNode dry = ok(cli.run("--json", "cleanup", "--dry-run"));
        assertThat(dry.path("orphanStreamsRemoved").asInt()).isEqualTo(1);
        assertThat(dry.path("abandonedRestores").get(0).path("runId").asText()).isEqualTo(run.toString());
        assertThat(dry.path("abandonedRestores").get(0).path("streamsDeleted").get(0).asText())
                .isEqualTo("o1-0000000007");
        assertThat(store.streamExists("order", "o1-0000000007")).isTrue();

        CliRun.Result removed = cli.run("cleanup");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("Deleted 1 stream of 1 restore that stopped before switching the object "
                + "over:", "order/o-1", "o1-0000000007");
        assertThat(store.streamExists("order", "o1-0000000007")).isFalse();
        assertThat(store.streamExists("order", activeStreamOf(store))).isTrue();
        assertThat(cli.run("cleanup").out()).startsWith("Nothing to clean up");
    }

    private static String activeStreamOf(io.esbackup.store.FileEventStore store) {
        return store.readDocument("order", "o-1").orElseThrow().document().active().streamIdentifier();
    }

    private static Path abandoned(Path file, java.time.Instant modified) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "half a write");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private Path archive(String backupId) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("esbackups/backups"))) {
            return files.filter(p -> p.getFileName().toString().equals(backupId + ".json")).findFirst().orElseThrow();
        }
    }

    // ------------------------------------------------------------------ list and validate

    @Test
    void listIsNewestFirstAndFiltersBySinceUntilTagAndMax() throws IOException {
        String older = backup("o-1", "--tag", "k=v");
        cli.at(CliRun.NOW.plus(Duration.ofHours(1)));
        String newer = backup("o-2");

        assertThat(listed()).containsExactly(newer, older);
        assertThat(listed("--max", "1")).containsExactly(newer);
        assertThat(listed("--tag", "k=v")).containsExactly(older);
        assertThat(listed("--object-name", "order", "--object-id", "o-2")).containsExactly(newer);
        assertThat(listed("--since", "2024-09-17")).containsExactly(newer, older);
        assertThat(listed("--since", "2024-09-18")).isEmpty();
        assertThat(listed("--until", "2024-09-17")).containsExactly(newer, older);
        assertThat(listed("--until", "2024-09-16")).isEmpty();
        assertThat(listed("--since", "2024-09-17T09:00:00Z")).containsExactly(newer);
        assertThat(listed("--until", "2024-09-17T09:00:00Z")).containsExactly(older);
        assertThat(listed("--since", "2024-09-17T10:30:00+02:00")).containsExactly(newer, older);
        assertThat(listed("--created-after", "2024-09-17T09:00:00Z")).containsExactly(newer);
    }

    @Test
    void listUsageErrors() {
        for (String[] args : List.of(new String[] {"list", "--max", "0"},
                new String[] {"list", "--object-id", "o-1"},
                new String[] {"list", "--since", "2024-09-18", "--until", "2024-09-17T00:00:00Z"},
                new String[] {"list", "--until", "yesterday"},
                new String[] {"list", "--tag", "novalue"},
                new String[] {"list", "--frobnicate"})) {
            CliRun.Result r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains("esbackup list --help").doesNotContain("\tat ");
        }
        assertThat(cli.run("list", "--until", "yesterday").err())
                .contains("--until", "'yesterday' is not a time", "2024-09-17", "2024-09-17T08:30:00Z");
    }

    @Test
    void validateJsonIsAnArrayOfReports() throws IOException {
        String a = backup("o-1");
        String b = backup("o-2");

        JsonNode reports = ok(cli.run("--json", "validate", a, b));

        assertThat(reports.isArray()).isTrue();
        assertThat(reports).hasSize(2).allSatisfy(r -> {
            assertThat(r.path("valid").asBoolean()).isTrue();
            assertThat(r.path("problems").isArray()).isTrue();
            assertThat(r.path("problems")).isEmpty();
        });
        assertThat(reports.get(0).path("backupId").asText()).isEqualTo(a);
        assertThat(ok(cli.run("--json", "validate", "--all"))).hasSize(2);
        assertThat(cli.run("validate", a, "--all").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("validate", a, "nope").err()).contains("'nope' is not a backup id");
        assertThat(cli.run("validate", UNKNOWN).exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void validateAllWithNoBackups() throws IOException {
        assertThat(ok(cli.run("--json", "validate", "--all"))).isEmpty();
        assertThat(cli.run("validate", "--all").out()).contains("No backups to check.");
    }

    @Test
    void expiredBackupsAreListedOnlyWithIncludeExpired() throws IOException {
        String expiring = backup("o-1", "--retention", "12h");
        cli.at(Instant.parse("2024-09-18T08:30:00Z"));
        assertThat(listed()).isEmpty();
        assertThat(listed("--include-expired")).containsExactly(expiring);
    }
}
