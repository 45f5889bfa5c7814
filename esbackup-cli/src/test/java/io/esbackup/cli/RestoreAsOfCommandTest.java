package io.esbackup.cli;

import static io.esbackup.cli.CliRun.oneDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.FileEventStore;
import io.esbackup.store.StoredDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restore-many --as-of end to end: which backups it picks, --object-name, --overwrite, usage errors, output. */
class RestoreAsOfCommandTest {
    private static final Instant T1 = Instant.parse("2024-09-10T08:00:00Z");
    private static final Instant T2 = Instant.parse("2024-09-12T08:00:00Z");
    private static final Instant T3 = Instant.parse("2024-09-15T08:00:00Z");

    @TempDir
    Path dir;
    private CliRun cli;
    private FileEventStore live;

    /**
     * order o-1: T1 (3 events), T2 (5), T3 (7). order o-2 and o-3: T1 (3). order o-4: T3 only.
     * invoice i-1: T2 (2).
     */
    @BeforeEach
    void history() throws IOException {
        cli = new CliRun(dir);
        live = new FileEventStore(dir.resolve("esdata"));
        Aggregates.createMany(dir, "order", "o", 3);
        ok(cli.at(T1).run("--json", "backup-many", "order", "--all"));
        append("order", "o-1", 2);
        Aggregates.create(dir, "invoice", "i-1", 2);
        ok(cli.at(T2).run("--json", "backup", "order", "o-1"));
        ok(cli.run("--json", "backup", "invoice", "i-1"));
        append("order", "o-1", 2);
        Aggregates.create(dir, "order", "o-4", 1);
        ok(cli.at(T3).run("--json", "backup", "order", "o-1"));
        ok(cli.run("--json", "backup", "order", "o-4"));
        cli.at(CliRun.NOW);
    }

    private JsonNode ok(CliRun.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return oneDocument(r);
    }

    private static List<String> restored(JsonNode report, String field) {
        return StreamSupport.stream(report.path("restores").spliterator(), false).map(x -> x.path(field).asText())
                .toList();
    }

    @Test
    void intoAnEmptyStoreRebuildsEveryAggregateAsItWasThen() throws IOException {
        JsonNode r = ok(cli.run("--json", "restore-many", "--as-of", "2024-09-13", "--store", "fresh"));

        assertThat(r.path("command").asText()).isEqualTo("restore-many");
        assertThat(r.path("asOf").asText()).isEqualTo("2024-09-13T00:00:00Z");
        assertThat(r.path("objectName").isNull()).isTrue();
        assertThat(r.path("totalProcessed").asLong()).isEqualTo(4);
        assertThat(r.path("successCount").asLong()).isEqualTo(4);
        assertThat(restored(r, "objectId")).containsExactlyInAnyOrder("o-1", "o-2", "o-3", "i-1");
        FileEventStore fresh = new FileEventStore(dir.resolve("fresh"));
        assertThat(events(fresh, "order", "o-1")).hasSize(5).isEqualTo(events(live, "order", "o-1").subList(0, 5));
        assertThat(events(fresh, "order", "o-2")).isEqualTo(events(live, "order", "o-2"));
        assertThat(events(fresh, "invoice", "i-1")).isEqualTo(events(live, "invoice", "i-1"));
        assertThat(fresh.readDocument("order", "o-4")).isEmpty();
    }

    @Test
    void objectNameNarrowsAndTheHumanOutputIsTheRestoreManySummary() {
        CliRun.Result r = cli.run("restore-many", "--as-of", "2024-09-13T00:00:00Z", "--object-name", "invoice",
                "--store", "fresh");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Restored 1 backup in ");
        assertThat(r.out().lines()).hasSize(1);
        FileEventStore fresh = new FileEventStore(dir.resolve("fresh"));
        assertThat(fresh.readDocument("invoice", "i-1")).isPresent();
        assertThat(fresh.readDocument("order", "o-1")).isEmpty();
    }

    @Test
    void liveAggregatesNeedOverwriteAndLaterOnlyAggregatesAreLeftAlone() throws IOException {
        StoredDocument o4 = live.readDocument("order", "o-4").orElseThrow();

        CliRun.Result refused = cli.run("--json", "restore-many", "--as-of", T2.toString(), "--object-name", "order");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        JsonNode r = oneDocument(refused);
        assertThat(r.path("failureCount").asLong()).isEqualTo(3);
        assertThat(r.path("failures")).allSatisfy(f ->
                assertThat(f.path("error").asText()).isEqualTo("StreamAlreadyExistsException"));
        assertThat(refused.err()).startsWith("esbackup: 3 of 3 backups failed");
        assertThat(events(live, "order", "o-1")).hasSize(7);

        JsonNode done = ok(cli.run("--json", "restore-many", "--as-of", T2.toString(), "--object-name", "order",
                "--overwrite"));
        assertThat(restored(done, "objectId")).containsExactlyInAnyOrder("o-1", "o-2", "o-3");
        assertThat(events(live, "order", "o-1")).hasSize(5);
        assertThat(live.readDocument("order", "o-4")).contains(o4);
        assertThat(events(live, "invoice", "i-1")).hasSize(2);
    }

    @Test
    void aTimeBeforeEveryBackupRestoresNothingAndSaysSo() throws IOException {
        CliRun.Result text = cli.run("restore-many", "--as-of", "2024-09-01", "--store", "fresh");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("Restored 0 backups in ")
                .contains("No backup was taken at or before 2024-09-01T00:00:00Z; nothing was restored.");

        JsonNode r = ok(cli.run("--json", "restore-many", "--as-of", "2024-09-01", "--object-name", "order"));
        assertThat(r.path("totalProcessed").asLong()).isZero();
        assertThat(r.path("objectName").asText()).isEqualTo("order");
        assertThat(r.path("restores")).isEmpty();
        assertThat(cli.run("restore-many", "--as-of", "2024-09-01", "--object-name", "order").out())
                .contains("No backup of order was taken at or before 2024-09-01T00:00:00Z");
    }

    @Test
    void aTimeInTheFutureMeansTheNewestBackup() throws IOException {
        JsonNode r = ok(cli.run("--json", "restore-many", "--as-of", "2999-01-01", "--store", "fresh"));

        assertThat(r.path("successCount").asLong()).isEqualTo(5);
        assertThat(events(new FileEventStore(dir.resolve("fresh")), "order", "o-1"))
                .isEqualTo(events(live, "order", "o-1"));
    }

    @Test
    void backupsTakenAtTheSameInstantResolveToTheGreaterBackupId() throws IOException {
        String first = ok(cli.run("--json", "backup", "order", "o-2")).path("backupId").asText();
        String second = ok(cli.run("--json", "backup", "order", "o-2")).path("backupId").asText();
        String greater = first.compareTo(second) > 0 ? first : second;

        for (int run = 0; run < 2; run++) {
            JsonNode r = ok(cli.run("--json", "restore-many", "--as-of", CliRun.NOW.toString(), "--object-name",
                    "order", "--overwrite", "--concurrency", "1"));
            List<String> ids = restored(r, "backupId");
            assertThat(ids).hasSize(4).contains(greater).doesNotContain(first.equals(greater) ? second : first);
        }
    }

    @Test
    void asOfIsExclusiveWithIdsAndBackupIdsAndObjectNameNeedsIt() throws IOException {
        java.nio.file.Files.writeString(dir.resolve("ids.txt"), "");

        CliRun.Result withIds = cli.run("restore-many", "--as-of", "2024-09-13", "--ids", "ids.txt");
        assertThat(withIds.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(withIds.err()).contains("--as-of", "--ids", "mutually exclusive");

        CliRun.Result withArgs = cli.run("restore-many", "00000000-0000-4000-8000-000000000000", "--as-of",
                "2024-09-13");
        assertThat(withArgs.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(withArgs.err()).contains("--as-of", "BACKUP_ID", "mutually exclusive");
        // After --as-of, a backup id is an argument nothing takes (as after --ids).
        CliRun.Result argsAfter = cli.run("restore-many", "--as-of", "2024-09-13",
                "00000000-0000-4000-8000-000000000000");
        assertThat(argsAfter.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(argsAfter.err()).contains("Unmatched argument", "00000000-0000-4000-8000-000000000000");

        CliRun.Result nameAlone = cli.run("restore-many", "--object-name", "order");
        assertThat(nameAlone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(nameAlone.err()).contains("--as-of");

        CliRun.Result badTime = cli.run("restore-many", "--as-of", "yesterday");
        assertThat(badTime.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badTime.err()).contains("--as-of", "'yesterday' is not a time", InstantConverter.ALLOWED);

        CliRun.Result badName = cli.run("restore-many", "--as-of", "2024-09-13", "--object-name", "a/b");
        assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err()).contains("objectName");
    }

    private void append(String name, String id, int count) {
        StoredDocument stored = live.readDocument(name, id).orElseThrow();
        StreamInformation active = stored.document().active();
        int from = active.currentStreamVersion() + 1;
        StreamInformation info = live.appendEvents(name, active, StreamHeader.of(name, id), IntStream
                .range(from, from + count).mapToObj(i -> Event.of("ItemAdded", i, "{\"n\":" + i + "}",
                        "2024-09-16T08:00:00Z")).iterator());
        live.writeDocument(stored.document().withActive(info), stored.etag());
    }

    private static List<Event> events(FileEventStore store, String name, String id) {
        ObjectDocument doc = store.readDocument(name, id).orElseThrow().document();
        List<Event> out = new ArrayList<>();
        try (EventCursor c = store.readEvents(name, doc.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(out::add);
        }
        return out;
    }
}
