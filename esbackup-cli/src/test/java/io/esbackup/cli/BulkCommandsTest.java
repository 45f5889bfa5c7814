package io.esbackup.cli;

import static io.esbackup.cli.CliRun.oneDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** backup-many and restore-many end to end: inputs, results, --json shape, failures and exit codes. */
class BulkCommandsTest {
    private static final List<String> BACKUP_FIELDS = List.of("backupId", "objectName", "objectId", "eventCount",
            "streamVersion", "createdAt", "expiresAt", "sizeBytes", "location", "tags", "description");

    @TempDir
    Path dir;
    private CliRun cli;

    @BeforeEach
    void fiveOrders() {
        cli = new CliRun(dir);
        Aggregates.createMany(dir, "order", "o", 5);
    }

    private JsonNode ok(CliRun.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return oneDocument(r);
    }

    private Path ids(String text) throws IOException {
        return Files.writeString(dir.resolve("ids.txt"), text);
    }

    private List<String> backupIds() throws IOException {
        JsonNode list = ok(cli.run("--json", "list"));
        return StreamSupport.stream(list.spliterator(), false).map(b -> b.path("backupId").asText()).toList();
    }

    // ------------------------------------------------------------------ backup-many

    @Test
    void backupManyAllBacksUpEveryAggregateAndPrintsOneJsonDocument() throws IOException {
        JsonNode r = ok(cli.run("--json", "backup-many", "order", "--all"));

        assertThat(r.isObject()).isTrue();
        assertThat(r.path("totalProcessed").asLong()).isEqualTo(5);
        assertThat(r.path("successCount").asLong()).isEqualTo(5);
        assertThat(r.path("failureCount").asLong()).isZero();
        assertThat(r.path("elapsed").asText()).startsWith("PT");
        assertThat(r.has("elapsedMillis")).isTrue();
        assertThat(r.path("stoppedEarly").asBoolean()).isFalse();
        assertThat(r.path("failures")).isEmpty();
        assertThat(r.path("backups")).hasSize(5).allSatisfy(b -> assertThat(b.has("backupId")).isTrue());
        JsonNode first = r.path("backups").get(0);
        BACKUP_FIELDS.forEach(f -> assertThat(first.has(f)).as(f).isTrue());
        assertThat(backupIds()).hasSize(5);
    }

    @Test
    void backupManyPackWritesPacksWhoseBackupsEveryCommandFindsOnItsOwn() throws IOException {
        JsonNode r = ok(cli.run("--json", "backup-many", "order", "--all", "--pack", "--pack-size", "1MiB",
                "--tag", "night=1"));

        assertThat(r.path("successCount").asLong()).isEqualTo(5);
        assertThat(dir.resolve("esbackups/backups")).doesNotExist();
        assertThat(dir.resolve("esbackups/backup-index")).doesNotExist();
        try (var packs = Files.walk(dir.resolve("esbackups/packs"))) {
            assertThat(packs.map(p -> p.getFileName().toString())).contains("run.json").anyMatch(n -> n.endsWith(".pack"));
        }
        List<String> ids = backupIds();
        assertThat(ids).hasSize(5).containsExactlyInAnyOrderElementsOf(
                r.path("backups").findValuesAsText("backupId"));
        String one = ids.get(2);
        JsonNode shown = ok(cli.run("--json", "show", one));
        assertThat(shown.path("location").asText()).startsWith("packs/").contains(".pack#");
        assertThat(ok(cli.run("--json", "validate", "--all")).findValuesAsText("valid")).containsOnly("true");
        String objectId = shown.path("objectId").asText();
        assertThat(cli.run("clone", one, objectId + "-copy").exitCode()).isZero();
        assertThat(cli.run("delete", one).exitCode()).isZero();
        assertThat(cli.run("show", one).exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(backupIds()).hasSize(4);
    }

    @Test
    void packSizeWithoutPackIsAUsageErrorNamingBoth() {
        CliRun.Result r = cli.run("backup-many", "order", "--all", "--pack-size", "1MiB");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--pack-size").contains("--pack");
        assertThat(dir.resolve("esbackups")).doesNotExist();
        CliRun.Result bad = cli.run("backup-many", "order", "--all", "--pack", "--pack-size", "12 parsecs");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--pack-size").contains("KiB, MiB or GiB");
    }

    @Test
    void backupManyIncrementalCountsTheUnchangedInItsJsonAndSummary() throws IOException {
        JsonNode first = ok(cli.run("--json", "backup-many", "order", "--all", "--incremental"));
        assertThat(first.path("successCount").asLong()).isEqualTo(5);
        assertThat(first.path("unchangedCount").asLong()).isZero();

        JsonNode second = ok(cli.run("--json", "backup-many", "order", "--all", "--incremental"));
        assertThat(second.path("successCount").asLong()).isEqualTo(5);
        assertThat(second.path("unchangedCount").asLong()).isEqualTo(5);
        assertThat(second.path("backups")).allSatisfy(b -> assertThat(b.path("unchanged").asBoolean()).isTrue());
        assertThat(backupIds()).as("nothing new written").hasSize(5);

        CliRun.Result text = cli.run("backup-many", "order", "--all", "--incremental");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("Backed up 5 streams in ").contains("(5 unchanged, nothing written for them)");
    }

    @Test
    void backupManyHumanOutputIsASummary() {
        CliRun.Result r = cli.run("backup-many", "order", "--all");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Backed up 5 streams in ");
        assertThat(r.out().lines()).hasSize(1);
    }

    @Test
    void backupManyReadsIdsFromAFileIgnoringBlankLinesAndWhitespace() throws IOException {
        ids("  o-1  \n\n\t\no-3\r\n   \n");

        JsonNode r = ok(cli.run("--json", "backup-many", "order", "--ids", "ids.txt", "--tag", "batch=7",
                "--retention", "30d", "--compression", "gzip", "--no-document", "--snapshots", "--terminated",
                "--description", "nightly"));

        assertThat(r.path("successCount").asLong()).isEqualTo(2);
        assertThat(r.path("backups")).extracting(b -> b.path("objectId").asText())
                .containsExactlyInAnyOrder("o-1", "o-3");
        String id = r.path("backups").get(0).path("backupId").asText();
        JsonNode shown = ok(cli.run("--json", "show", id));
        assertThat(shown.path("tags").path("batch").asText()).isEqualTo("7");
        assertThat(shown.path("compression").asText()).isEqualTo("gzip");
        assertThat(shown.path("includesObjectDocument").asBoolean()).isFalse();
        assertThat(shown.path("includesSnapshots").asBoolean()).isTrue();
        assertThat(shown.path("includesTerminatedStreams").asBoolean()).isTrue();
        assertThat(shown.path("description").asText()).isEqualTo("nightly");
        assertThat(shown.path("expiresAt").asText()).isEqualTo("2024-10-17T08:30:00Z");
    }

    @Test
    void backupManyReadsIdsFromStandardInput() throws IOException {
        JsonNode r = ok(cli.stdin("o-2\n\no-4\n").run("--json", "backup-many", "order", "--ids", "-"));

        assertThat(r.path("totalProcessed").asLong()).isEqualTo(2);
        assertThat(r.path("backups")).extracting(b -> b.path("objectId").asText())
                .containsExactlyInAnyOrder("o-2", "o-4");
    }

    @Test
    void backupManyWithAFailureReportsItAndExitsWith1() throws IOException {
        ids("o-1\nmissing\no-2\n");

        CliRun.Result text = cli.run("backup-many", "order", "--ids", "ids.txt");
        assertThat(text.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(text.out()).contains("Backed up 2 of 3 streams", "1 failed:", "  missing: ");
        assertThat(text.err().lines()).hasSize(1).first().asString()
                .startsWith("esbackup: 1 of 3 streams failed").doesNotContain("\tat ");

        CliRun.Result json = cli.run("--json", "backup-many", "order", "--ids", "ids.txt");
        assertThat(json.exitCode()).isEqualTo(ExitCodes.FAILURE);
        JsonNode r = oneDocument(json);
        assertThat(r.path("failureCount").asLong()).isEqualTo(1);
        assertThat(r.path("failures")).hasSize(1);
        assertThat(r.path("failures").get(0).path("objectId").asText()).isEqualTo("missing");
        assertThat(r.path("failures").get(0).path("message").asText()).contains("order/missing");
        assertThat(r.path("failures").get(0).path("error").asText()).isEqualTo("StreamNotFoundException");
    }

    @Test
    void anInvalidObjectIdInTheListIsAFailureOfThatLine() throws IOException {
        ids("o-1\n../etc\n");

        CliRun.Result r = cli.run("--json", "backup-many", "order", "--ids", "ids.txt");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(oneDocument(r).path("failures").get(0).path("objectId").asText()).isEqualTo("../etc");
    }

    @Test
    void failFastStopsAtTheFirstFailureAndPrintsThePartialResult() throws IOException {
        ids("o-1\nmissing\no-2\no-3\no-4\n");

        CliRun.Result r = cli.run("--json", "backup-many", "order", "--ids", "ids.txt", "--fail-fast",
                "--concurrency", "1");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("stopped at the first failure (--fail-fast)").doesNotContain("\tat ");
        JsonNode partial = oneDocument(r);
        assertThat(partial.path("stoppedEarly").asBoolean()).isTrue();
        assertThat(partial.path("stopReason").asText()).isEqualTo("fail-fast");
        assertThat(partial.path("totalProcessed").asLong()).isEqualTo(2);
        assertThat(partial.path("successCount").asLong()).isEqualTo(1);
        assertThat(partial.path("failures").get(0).path("objectId").asText()).isEqualTo("missing");
        assertThat(backupIds()).hasSize(1);

        CliRun.Result text = cli.run("backup-many", "order", "--ids", "ids.txt", "--fail-fast", "--concurrency", "1");
        assertThat(text.out()).contains("Backed up 1 of 2 streams", "Stopped at the first failure (--fail-fast)");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void idsAreReadAsTheRunGoesNotAllAtOnce() {
        EndlessIds endless = new EndlessIds();

        CliRun.Result r = cli.stdin(endless).run("backup-many", "order", "--ids", "-", "--fail-fast");

        // The input never ends: only a run that reads it lazily can stop at the first failure.
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("--fail-fast");
        assertThat(endless.bytesRead).isLessThan(1 << 20);
    }

    @Test
    void inputErrorsAreUsageErrors() throws IOException {
        CliRun.Result missing = cli.run("backup-many", "order", "--ids", "no-such-file.txt");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--ids", "no-such-file.txt", "does not exist");

        assertThat(cli.run("backup-many", "order").exitCode()).isEqualTo(ExitCodes.USAGE);
        ids("o-1\n");
        assertThat(cli.run("backup-many", "order", "--all", "--ids", "ids.txt").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("backup-many", "a/b", "--all").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("backup-many", "order", "--all", "--retention", "forever").exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void concurrencyMustBeBetween1And256() throws IOException {
        for (String n : List.of("0", "1000", "-1")) {
            CliRun.Result r = cli.run("backup-many", "order", "--all", "--concurrency", n);
            assertThat(r.exitCode()).as(n).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains("--concurrency must be between 1 and 256", "esbackup backup-many --help");
            CliRun.Result restore = cli.run("restore-many", "--ids", "-", "--concurrency", n);
            assertThat(restore.exitCode()).as(n).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(cli.run("backup-many", "order", "--all", "--concurrency", "many").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(backupIds()).isEmpty();
        assertThat(cli.run("--quiet", "backup-many", "order", "--all", "--concurrency", "256").exitCode()).isZero();
    }

    @Test
    void backupManyAllOfAnUnknownObjectNameBacksUpNothing() throws IOException {
        JsonNode r = ok(cli.run("--json", "backup-many", "invoice", "--all"));
        assertThat(r.path("totalProcessed").asLong()).isZero();
    }

    // ------------------------------------------------------------------ restore-many

    private List<String> backUpAll() throws IOException {
        ok(cli.run("--json", "backup-many", "order", "--all"));
        return backupIds();
    }

    @Test
    void restoreManyByArgumentsNeedsOverwriteForLiveAggregates() throws IOException {
        List<String> ids = backUpAll().subList(0, 3);
        List<String> args = new ArrayList<>(List.of("--json", "restore-many"));
        args.addAll(ids);

        CliRun.Result refused = cli.run(args.toArray(String[]::new));
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        JsonNode r = oneDocument(refused);
        assertThat(r.path("failureCount").asLong()).isEqualTo(3);
        assertThat(r.path("failures")).allSatisfy(f -> {
            assertThat(f.path("error").asText()).isEqualTo("StreamAlreadyExistsException");
            assertThat(ids).contains(f.path("backupId").asText());
        });

        args.add("--overwrite");
        JsonNode restored = ok(cli.run(args.toArray(String[]::new)));
        assertThat(restored.path("successCount").asLong()).isEqualTo(3);
        assertThat(restored.path("totalProcessed").asLong()).isEqualTo(3);
        assertThat(restored.path("restores")).hasSize(3)
                .allSatisfy(x -> assertThat(x.path("eventsRestored").asInt()).isEqualTo(3));
        assertThat(cli.run("validate", "--all").exitCode()).isZero();
    }

    @Test
    void restoreManyFromStandardInputCountsAMalformedLineAsAFailure() throws IOException {
        List<String> ids = backUpAll();
        String input = ids.get(0) + "\n\n   not-a-uuid  \n " + ids.get(1) + " \n";

        CliRun.Result r = cli.stdin(input).run("--json", "restore-many", "--ids", "-", "--overwrite");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        JsonNode result = oneDocument(r);
        assertThat(result.path("totalProcessed").asLong()).isEqualTo(3);
        assertThat(result.path("successCount").asLong()).isEqualTo(2);
        assertThat(result.path("failureCount").asLong()).isEqualTo(1);
        JsonNode failure = result.path("failures").get(0);
        assertThat(failure.path("backupId").isNull()).isTrue();
        assertThat(failure.path("input").asText()).isEqualTo("not-a-uuid");
        assertThat(failure.path("line").asInt()).isEqualTo(3);
        assertThat(failure.path("message").asText()).contains("not a backup id");
    }

    @Test
    void restoreManyHumanOutputListsTheFailures() throws IOException {
        String id = backUpAll().get(0);
        Files.writeString(dir.resolve("restore.txt"), id + "\n00000000-0000-4000-8000-000000000000\nxyz\n");

        CliRun.Result r = cli.run("restore-many", "--ids", "restore.txt", "--overwrite");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).contains("Restored 1 of 3 backups", "2 failed:",
                "00000000-0000-4000-8000-000000000000: Backup 00000000-0000-4000-8000-000000000000 not found",
                "line 3: 'xyz' is not a backup id");
        assertThat(r.err()).startsWith("esbackup: 2 of 3 backups failed");
    }

    @Test
    void restoreManyFailFast() throws IOException {
        List<String> ids = backUpAll();

        CliRun.Result r = cli.run("--json", "restore-many", "00000000-0000-4000-8000-000000000000", ids.get(0),
                ids.get(1), "--overwrite", "--fail-fast", "--concurrency", "1");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        JsonNode partial = oneDocument(r);
        assertThat(partial.path("stoppedEarly").asBoolean()).isTrue();
        assertThat(partial.path("totalProcessed").asLong()).isEqualTo(1);
        assertThat(partial.path("restores")).isEmpty();
        assertThat(r.err()).contains("restore-many stopped at the first failure (--fail-fast)");
    }

    @Test
    void restoreManyFailFastStopsAtAMalformedLine() throws IOException {
        List<String> ids = backUpAll();

        CliRun.Result r = cli.stdin("bad\n" + ids.get(0) + "\n").run("--json", "restore-many", "--ids", "-",
                "--overwrite", "--fail-fast");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        JsonNode partial = oneDocument(r);
        assertThat(partial.path("stoppedEarly").asBoolean()).isTrue();
        assertThat(partial.path("totalProcessed").asLong()).isEqualTo(1);
        assertThat(partial.path("successCount").asLong()).isZero();
    }

    @Test
    void restoreManyMalformedArgumentIsAUsageError() {
        CliRun.Result r = cli.run("restore-many", "00000000-0000-4000-8000-000000000000", "nope");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'nope' is not a backup id");
        assertThat(cli.run("restore-many").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    /** Standard input that never ends: missing-1, missing-2, ... */
    static final class EndlessIds extends InputStream {
        long bytesRead;
        private long n;
        private byte[] line = new byte[0];
        private int at;

        @Override
        public int read() {
            if (at == line.length) {
                line = ("missing-" + ++n + "\n").getBytes(StandardCharsets.UTF_8);
                at = 0;
            }
            bytesRead++;
            return line[at++];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) read();
            }
            return len;
        }
    }
}
