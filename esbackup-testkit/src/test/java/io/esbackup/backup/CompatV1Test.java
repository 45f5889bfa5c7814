package io.esbackup.backup;

import static io.esbackup.backup.BackupRestoreServiceTest.files;
import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.store.SnapshotStore;
import io.esbackup.archive.Compression;
import io.esbackup.backup.CompatFixture.Backup;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import io.esbackup.model.json.DocumentCodec;
import io.esbackup.model.json.Json;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.FileEventStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backups written by esbackup 0.1.0 (format version 1, {@code src/test/resources/compat/v1}) are found,
 * validate, and restore and clone to exactly what {@code expected.json} says. Broken copies of them are
 * tested in {@link CompatV1BrokenTest}. These fixtures are never regenerated: a later version that fails
 * here has broken compatibility (STYLE habit 8).
 */
class CompatV1Test {
    /** The test's "now": after every backup was written, before any grace period or retention ran out. */
    static final Instant NOW = CompatFixture.FILES_MODIFIED.plus(Duration.ofMinutes(10));

    @TempDir
    Path dir;
    Path backupRoot;
    MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void copyFixture() throws IOException {
        backupRoot = CompatFixture.copyBackups(dir.resolve("backups"));
    }

    static Stream<Backup> backups() {
        return CompatFixture.backups().stream();
    }

    private BackupRestoreService service(Path storeRoot) {
        return service(new FileEventStore(storeRoot));
    }

    private BackupRestoreService service(EventStore store) {
        return CompatFixture.service(store, backupRoot, clock);
    }

    @Test
    void theFixtureHoldsTwelveBackupsInEveryCompressionAndNothingElse() throws IOException {
        List<Backup> all = CompatFixture.backups();
        assertThat(all).hasSize(12);
        for (Compression c : Compression.values()) {
            assertThat(all).filteredOn(b -> b.compression() == c).as(c.wireName()).hasSize(4);
        }
        List<Path> expectedFiles = new ArrayList<>();
        for (Backup b : all) {
            expectedFiles.add(backupRoot.resolve(b.archiveKey()));
            expectedFiles.add(backupRoot.resolve(b.manifestKey()));
            expectedFiles.add(backupRoot.resolve(b.indexKey()));
        }
        assertThat(files(backupRoot)).containsExactlyInAnyOrderElementsOf(expectedFiles);
        assertThat(all).extracting(Backup::location).contains("archive/2024");
        assertThat(all).extracting(Backup::expiresAt).filteredOn(Objects::nonNull).hasSize(1);
    }

    @Test
    void everyBackupIsListedNewestFirstAndFoundById() {
        BackupRestoreService service = service(dir.resolve("store"));
        List<Backup> all = CompatFixture.backups();
        List<UUID> newestFirst = new ArrayList<>(all.stream().map(Backup::backupId).toList());
        Collections.reverse(newestFirst);
        assertThat(service.listBackups()).extracting(BackupHandle::backupId).containsExactlyElementsOf(newestFirst);
        for (Backup b : all) {
            BackupHandle h = service.getBackup(b.backupId()).orElseThrow(() -> new AssertionError(b + " not found"));
            assertThat(h.objectName()).isEqualTo(b.objectName());
            assertThat(h.objectId()).isEqualTo(b.objectId());
            assertThat(h.eventCount()).isEqualTo(b.eventCount());
            assertThat(h.streamVersion()).isEqualTo(b.streamVersion());
            assertThat(h.createdAt()).isEqualTo(b.createdAt());
            assertThat(h.expiresAt()).isEqualTo(b.expiresAt());
            assertThat(h.location()).isEqualTo(b.archiveKey());
            assertThat(h.manifest().location()).isEqualTo(b.location());
            assertThat(h.manifest().compression()).isEqualTo(b.compression());
            assertThat(h.manifest().snapshotCount()).isEqualTo(b.snapshotCount());
            assertThat(h.manifest().terminatedStreamCount()).isEqualTo(b.terminatedStreamCount());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backups")
    void everyBackupIsValid(Backup b) {
        BackupRestoreService service = service(dir.resolve("store"));
        BackupHandle h = service.getBackup(b.backupId()).orElseThrow();
        ValidationReport report = service.validateBackup(h);
        assertThat(report.problems()).isEmpty();
        assertThat(report.valid()).isTrue();
        assertThat(report.eventsRead()).isEqualTo(b.eventCount());
        assertThat(report.sha256()).isEqualTo(h.manifest().sha256());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backups")
    void everyBackupRestoresIntoAnEmptyStoreAsItWas(Backup b) {
        FileEventStore store = new FileEventStore(dir.resolve("store"));
        BackupRestoreService service = service(store);
        RawJson expected = b.aggregate();

        RestoreResult result = service.restoreStream(service.getBackup(b.backupId()).orElseThrow());

        assertThat(result.streamIdentifier()).isEqualTo(expected.get("active").get("streamIdentifier").string());
        assertThat(result.eventsRestored()).isEqualTo(b.eventCount());
        assertThat(result.snapshotsRestored()).isEqualTo(b.snapshotCount());
        assertThat(result.terminatedStreamsRestored()).isEqualTo(liveTerminated(expected).size());
        assertThat(result.replacedStreamIdentifier()).isNull();
        ObjectDocument doc = Streams.document(store, b.objectName(), b.objectId());
        assertThat(text(doc)).isEqualTo(expected.get("document").text());
        assertStream(store, b.objectName(), doc.active(), expected.get("active"), b.objectId());
        assertSnapshots(store, b.objectName(), doc.active(), expected);
        for (RawJson ts : expected.get("terminatedStreams").list()) {
            String sid = ts.get("streamIdentifier").string();
            if (ts.get("deleted").bool()) {
                assertThat(store.streamExists(b.objectName(), sid)).as("deleted stream %s", sid).isFalse();
            } else {
                assertStream(store, b.objectName(), StreamInformation.empty(sid, "blob"), ts, b.objectId());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backups")
    void everyBackupClonesToANewIdWithFreshStreams(Backup b) {
        FileEventStore store = new FileEventStore(dir.resolve("store"));
        BackupRestoreService service = service(store);
        RawJson expected = b.aggregate();
        ObjectDocument original = DocumentCodec.fromBytes(expected.get("document").text()
                .getBytes(StandardCharsets.UTF_8));
        String cloneId = b.objectId() + "-clone";

        RestoreResult result = service.restoreToNewStream(service.getBackup(b.backupId()).orElseThrow(), cloneId);

        ObjectDocument clone = Streams.document(store, b.objectName(), cloneId);
        assertThat(clone.objectId()).isEqualTo(cloneId);
        assertThat(clone.active().streamIdentifier()).isEqualTo(result.streamIdentifier())
                .isNotEqualTo(original.active().streamIdentifier());
        assertThat(clone.active().withStreamIdentifier(original.active().streamIdentifier()))
                .isEqualTo(original.active());
        assertThat(clone.withObjectId(original.objectId()).withActive(original.active())
                .withTerminatedStreams(original.terminatedStreams())).isEqualTo(original);
        assertThat(result.eventsRestored()).isEqualTo(b.eventCount());
        assertStream(store, b.objectName(), clone.active(), expected.get("active"), cloneId);
        assertSnapshots(store, b.objectName(), clone.active(), expected);

        List<RawJson> live = liveTerminated(expected);
        List<TerminatedStream> originals = original.terminatedStreams().stream().filter(t -> !t.deleted()).toList();
        assertThat(clone.terminatedStreams()).hasSize(live.size());
        for (int i = 0; i < live.size(); i++) {
            TerminatedStream cloned = clone.terminatedStreams().get(i);
            TerminatedStream was = originals.get(i);
            assertThat(cloned.streamIdentifier()).isNotEqualTo(was.streamIdentifier());
            assertThat(cloned.withStreamIdentifier(was.streamIdentifier(), was.continuationStreamId())).isEqualTo(was);
            assertThat(store.streamExists(b.objectName(), was.streamIdentifier())).isFalse();
            assertStream(store, b.objectName(), StreamInformation.empty(cloned.streamIdentifier(), "blob"),
                    live.get(i), cloneId);
        }
    }

    private static List<RawJson> liveTerminated(RawJson aggregate) {
        return aggregate.get("terminatedStreams").list().stream().filter(t -> !t.get("deleted").bool()).toList();
    }

    /** The stream's events and header as expected; a clone's header carries the clone's id. */
    private static void assertStream(EventStore store, String name, StreamInformation stream, RawJson expected,
                                     String objectId) {
        List<String> events = new ArrayList<>();
        String header;
        try (EventCursor c = store.readEvents(name, stream, 0, Integer.MAX_VALUE)) {
            header = CompatFixtureWriter.header(c.header());
            c.forEachRemaining(e -> events.add(CompatFixtureWriter.event(e)));
        }
        assertThat(events).as("events of %s", stream.streamIdentifier()).containsExactlyElementsOf(
                expected.get("events").texts());
        String expectedHeader = expected.get("header").text()
                .replaceFirst("^\\{\"objectId\":\"[^\"]*\"", "{\"objectId\":\"" + objectId + "\"");
        assertThat(header).as("header of %s", stream.streamIdentifier()).isEqualTo(expectedHeader);
    }

    private static void assertSnapshots(EventStore store, String name, StreamInformation active, RawJson expected) {
        List<RawJson> snapshots = expected.get("snapshots").list();
        assertThat(active.snapShots()).hasSize(snapshots.size());
        for (RawJson s : snapshots) {
            SnapshotRef ref = DocumentCodec.snapshot(Json.tree(s.get("ref").text().getBytes(StandardCharsets.UTF_8)));
            assertThat(active.snapShots()).contains(ref);
            String data = store.capability(SnapshotStore.class).orElseThrow().readSnapshot(name, active.streamIdentifier(), ref).map(CompatV1Test::read)
                    .orElseThrow(() -> new AssertionError("snapshot " + ref + " missing"));
            assertThat(Json.normalize(data)).isEqualTo(s.get("data").text());
        }
    }

    private static String text(ObjectDocument doc) {
        return Json.normalize(new String(DocumentCodec.toBytes(doc), StandardCharsets.UTF_8));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
