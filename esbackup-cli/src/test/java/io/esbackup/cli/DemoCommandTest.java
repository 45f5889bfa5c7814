package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.store.ObjectIdListing;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.json.Json;
import io.esbackup.store.EventCursor;
import io.esbackup.store.FileEventStore;
import io.esbackup.store.StoredDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dir;

    private String[] demo(String... extra) {
        List<String> args = new ArrayList<>(List.of("--store", "file:" + dir.resolve("store"),
                "--backups", "file:" + dir.resolve("backups")));
        args.addAll(List.of(extra));
        args.add("demo");
        return args.toArray(String[]::new);
    }

    private BackupRestoreService reopen() {
        return new BackupRestoreService(new FileEventStore(dir.resolve("store")),
                new BlobBackupProvider(new LocalBlobStore(dir.resolve("backups"))));
    }

    private ObjectDocument document(BackupRestoreService service, String objectId) {
        return service.store().readDocument("order", objectId).map(StoredDocument::document).orElseThrow();
    }

    @Test
    void demoCreatesFullBackupsThatValidate() {
        CliRun.Result r = new CliRun(dir).run(demo());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Created 4 aggregates", "valid", "identical to the source");
        BackupRestoreService service = reopen();
        List<BackupHandle> backups = service.listBackups();
        assertThat(backups).hasSize(4);
        assertThat(backups).allSatisfy(h -> assertThat(service.validateBackup(h).problems()).isEmpty());
        assertThat(backups).extracting(h -> h.objectId().replaceAll("demo-[0-9a-z]{6}-", ""))
                .containsExactlyInAnyOrder("plain", "snapshots", "chunked", "terminated");
        assertThat(backups).allSatisfy(h -> {
            assertThat(h.manifest().includesSnapshots()).isTrue();
            assertThat(h.manifest().includesTerminatedStreams()).isTrue();
        });
        BackupHandle snapshots = only(backups, "snapshots");
        assertThat(snapshots.manifest().snapshotCount()).isEqualTo(2);
        assertThat(only(backups, "terminated").manifest().terminatedStreamCount()).isEqualTo(1);
        assertThat(only(backups, "chunked").eventCount()).isEqualTo(23);
        assertThat(only(backups, "plain").eventCount()).isEqualTo(20);
    }

    @Test
    void demoWritesChunksSnapshotsTerminatedStreamsAndAnIdenticalClone() {
        assertThat(new CliRun(dir).run(demo()).exitCode()).isZero();

        BackupRestoreService service = reopen();
        List<String> ids = service.store().capability(ObjectIdListing.class).orElseThrow().listObjectIds("order").toList();
        String prefix = ids.get(0).substring(0, "demo-xxxxxx-".length());
        assertThat(ids).containsExactlyInAnyOrder(prefix + "plain", prefix + "snapshots", prefix + "chunked",
                prefix + "terminated", prefix + "clone");
        ObjectDocument chunked = document(service, prefix + "chunked");
        assertThat(chunked.active().chunked()).isTrue();
        assertThat(chunked.active().streamChunks()).hasSize(5);
        assertThat(document(service, prefix + "snapshots").active().snapShots()).hasSize(2);
        assertThat(document(service, prefix + "terminated").terminatedStreams()).hasSize(1);
        ObjectDocument clone = document(service, prefix + "clone");
        assertThat(clone.active().streamIdentifier()).isNotEqualTo(chunked.active().streamIdentifier());
        assertThat(events(service, clone)).isEqualTo(events(service, chunked)).hasSize(23);
    }

    @Test
    void payloadsKeepDecimalsAndUnicodeExactly() {
        assertThat(new CliRun(dir).run(demo()).exitCode()).isZero();

        BackupRestoreService service = reopen();
        String plainId = service.store().capability(ObjectIdListing.class).orElseThrow().listObjectIds("order").filter(id -> id.endsWith("-plain")).findFirst()
                .orElseThrow();
        List<Event> events = events(service, document(service, plainId));
        assertThat(events).hasSize(20);
        assertThat(events.get(1).payload().text()).contains("\"unitPrice\":10.50");
        assertThat(events.get(0).payload().text()).contains("Zoë Müller-Łukasiewicz", "Königstraße 12");
        assertThat(events).anySatisfy(e -> assertThat(e.payload().text()).contains("918273645546372819203746501928"));
    }

    @Test
    void secondRunInTheSameFoldersAlsoSucceeds() {
        CliRun cli = new CliRun(dir);
        CliRun.Result first = cli.run(demo());
        CliRun.Result second = cli.run(demo());

        assertThat(first.exitCode()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        BackupRestoreService service = reopen();
        assertThat(service.listBackups()).hasSize(8)
                .allSatisfy(h -> assertThat(service.validateBackup(h).valid()).isTrue());
        assertThat(service.store().capability(ObjectIdListing.class).orElseThrow().listObjectIds("order").count()).isEqualTo(10);
    }

    @Test
    void defaultLocationsAreFoldersInTheWorkingDirectory() {
        CliRun.Result r = new CliRun(dir).run("demo");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(dir.resolve("esdata/object-document-store/order")).isDirectory();
        assertThat(dir.resolve("esbackups/backups/order")).isDirectory();
        assertThat(r.out()).contains("file:" + dir.resolve("esdata"), "file:" + dir.resolve("esbackups"));
    }

    @Test
    void jsonOutputIsExactlyOneDocument() throws Exception {
        CliRun.Result r = new CliRun(dir).run(demo("--json"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(r.out());
        assertThat(doc.path("run").asText()).matches("[0-9a-z]{6}");
        assertThat(doc.path("aggregates")).hasSize(4);
        assertThat(doc.path("aggregates")).allSatisfy(a -> assertThat(a.path("backup").path("valid").asBoolean())
                .isTrue());
        assertThat(doc.path("clone").path("identicalEvents").asInt()).isEqualTo(23);
        assertThat(doc.path("listedBackups").asInt()).isEqualTo(4);
    }

    @Test
    void jsonMayAlsoFollowTheCommand() throws Exception {
        CliRun.Result r = new CliRun(dir).run("--store", dir.resolve("store").toString(), "demo", "--json",
                "--backups", dir.resolve("backups").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Json.mapper().readTree(r.out()).path("aggregates")).hasSize(4);
        assertThat(reopen().listBackups()).hasSize(4);
    }

    @Test
    void quietPrintsNothing() {
        CliRun.Result r = new CliRun(dir).run(demo("--quiet"));

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        assertThat(reopen().listBackups()).hasSize(4);
    }

    private static BackupHandle only(List<BackupHandle> backups, String kind) {
        return backups.stream().filter(h -> h.objectId().endsWith("-" + kind)).findFirst().orElseThrow();
    }

    private static List<Event> events(BackupRestoreService service, ObjectDocument doc) {
        List<Event> events = new ArrayList<>();
        try (EventCursor c = service.store().readEvents("order", doc.active(), 0,
                doc.active().currentStreamVersion())) {
            c.forEachRemaining(events::add);
        }
        return events;
    }
}
