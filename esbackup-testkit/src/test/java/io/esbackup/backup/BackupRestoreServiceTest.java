package io.esbackup.backup;

import static io.esbackup.backup.Streams.create;
import static io.esbackup.backup.Streams.document;
import static io.esbackup.backup.Streams.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.archive.Compression;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.StreamAlreadyExistsException;
import io.esbackup.error.StreamNotFoundException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.TerminatedStream;
import io.esbackup.store.FileEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BackupRestoreServiceTest {
    @TempDir
    Path dir;
    FileEventStore store;
    LocalBlobStore backups;
    MutableClock clock = new MutableClock(Instant.now());
    BackupRestoreService service;

    @BeforeEach
    void setUp() {
        store = new FileEventStore(dir.resolve("store"));
        backups = new LocalBlobStore(dir.resolve("backups"));
        service = BackupRestoreService.builder(store, new BlobBackupProvider(backups)).clock(clock).build();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void backupThenRestoreToADeletedAggregateReproducesEverything(Compression compression) throws IOException {
        ObjectDocument doc = create(store, "Order", "o-1", 25, null, 4, 9);
        doc = Streams.addTerminated(store, doc, "old-stream", 3);
        List<Event> before = readAll(store, "Order", doc.active());

        BackupHandle handle = service.backupStream("Order", "o-1",
                BackupOptions.FULL.toBuilder().compression(compression).build());
        assertThat(handle.eventCount()).isEqualTo(25);
        assertThat(handle.manifest().snapshotCount()).isEqualTo(2);
        assertThat(handle.manifest().terminatedStreamCount()).isEqualTo(1);

        deleteFolder(dir.resolve("store"));
        RestoreResult result = service.restoreStream(handle);

        ObjectDocument restored = document(store, "Order", "o-1");
        assertThat(restored).isEqualTo(doc);
        assertThat(readAll(store, "Order", restored.active())).isEqualTo(before);
        assertThat(store.readSnapshot("Order", restored.active().streamIdentifier(), doc.active().snapShots().get(1)))
                .hasValueSatisfying(in -> assertThat(read(in)).isEqualTo("{\"state\":9,\"total\":1.50}"));
        assertThat(readAll(store, "Order", io.esbackup.model.StreamInformation.empty("old-stream", "blob"))).hasSize(3);
        assertThat(result.eventsRestored()).isEqualTo(25);
        assertThat(result.replacedStreamIdentifier()).isNull();
    }

    @Test
    void overwriteOfAFullBackupKeepsLiveTerminatedStreamsAndChunkedOnesAreBackedUpWhole() {
        ObjectDocument doc = create(store, "Order", "o-1", 4, null);
        // A terminated stream stored in chunks, as the reference writes them.
        store.appendEvents("Order", new io.esbackup.model.StreamInformation("old-chunked", "blob", -1,
                io.esbackup.model.ChunkSettings.of(2), List.of(), List.of(), java.util.Map.of()),
                io.esbackup.model.StreamHeader.of("Order", "o-1"), Streams.events(0, 5));
        List<TerminatedStream> ts = List.of(new TerminatedStream("old-chunked", "blob", "migrated",
                doc.active().streamIdentifier(), "2024-01-01T00:00:00Z", 4, false, null, null, java.util.Map.of()));
        store.writeDocument(doc.withTerminatedStreams(ts), store.readDocument("Order", "o-1").orElseThrow().etag());

        BackupHandle handle = service.backupStream("Order", "o-1", BackupOptions.FULL);
        assertThat(service.validateBackup(handle).valid()).isTrue();
        RestoreResult result = service.restoreStream(handle, RestoreOptions.WITH_OVERWRITE);
        // The live store still holds the terminated stream, so it is checked in the archive but not written.
        assertThat(result.terminatedStreamsRestored()).isZero();
        assertThat(document(store, "Order", "o-1").terminatedStreams()).extracting(TerminatedStream::streamIdentifier)
                .containsExactly("old-chunked", "o1-0000000000");

        service.restoreToNewStream(handle, "o-9");
        ObjectDocument clone = document(store, "Order", "o-9");
        assertThat(clone.terminatedStreams()).hasSize(1);
        assertThat(readAll(store, "Order", io.esbackup.model.StreamInformation.empty(
                clone.terminatedStreams().get(0).streamIdentifier(), "blob"))).hasSize(5);
    }

    @Test
    void withoutTheBackedUpDocumentRestoredTerminatedStreamsAreStillListed() throws IOException {
        ObjectDocument doc = create(store, "Order", "o-1", 3, null);
        Streams.addTerminated(store, doc, "old-stream", 2);
        BackupHandle handle = service.backupStream("Order", "o-1", BackupOptions.FULL);
        deleteFolder(dir.resolve("store"));

        RestoreResult result = service.restoreStream(handle,
                RestoreOptions.builder().restoreObjectDocument(false).build());

        ObjectDocument restored = document(store, "Order", "o-1");
        assertThat(result.terminatedStreamsRestored()).isEqualTo(1);
        assertThat(restored.terminatedStreams()).extracting(TerminatedStream::streamIdentifier)
                .containsExactly("old-stream");
        assertThat(readAll(store, "Order", io.esbackup.model.StreamInformation.empty("old-stream", "blob")))
                .hasSize(2);
    }

    @Test
    void anEmptyStreamBacksUpAndRestoresWithItsIds() {
        ObjectDocument doc = create(store, "Order", "empty-1", 0, null);
        BackupHandle handle = service.backupStream("Order", "empty-1");
        assertThat(handle.eventCount()).isZero();
        assertThat(handle.streamVersion()).isEqualTo(-1);
        assertThat(service.validateBackup(handle).valid()).isTrue();
        RestoreResult clone = service.restoreToNewStream(handle, "empty-2");
        assertThat(clone.eventsRestored()).isZero();
        assertThat(document(store, "Order", "empty-2").active().currentStreamVersion()).isEqualTo(-1);
        assertThat(document(store, "Order", "empty-1")).isEqualTo(doc);
    }

    @Test
    void aTakenBackupIdFailsWithoutTouchingTheBackupThatHasIt() {
        create(store, "Order", "o-1", 3, null);
        UUID fixed = UUID.randomUUID();
        BackupRestoreService sameIds = BackupRestoreService.builder(store, new BlobBackupProvider(backups))
                .clock(clock).ids(() -> fixed).build();
        BackupHandle first = sameIds.backupStream("Order", "o-1");
        assertThatThrownBy(() -> sameIds.backupStream("Order", "o-1"))
                .isInstanceOf(io.esbackup.error.BackupIdTakenException.class)
                .hasMessageContaining("backup id " + fixed + " is already taken");
        assertThat(service.getBackup(first.backupId())).isPresent();
        assertThat(service.validateBackup(first).valid()).isTrue();
        assertThat(service.listBackups()).hasSize(1);
    }

    @Test
    void anIdTheSourceGivesTwiceIsReplacedByTheNextOneAndTheBackupSucceeds() {
        // Issue #20: a repeated id must not fail a backup when another id serves as well.
        create(store, "Order", "o-1", 3, null);
        UUID taken = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        java.util.Iterator<UUID> drawn = List.of(taken, taken, taken, fresh).iterator();
        BackupRestoreService repeating = BackupRestoreService.builder(store, new BlobBackupProvider(backups))
                .clock(clock).ids(drawn::next).build();
        BackupHandle first = repeating.backupStream("Order", "o-1");

        BackupHandle second = repeating.backupStream("Order", "o-1");

        assertThat(first.backupId()).isEqualTo(taken);
        assertThat(second.backupId()).isEqualTo(fresh);
        assertThat(service.validateBackup(first).valid()).isTrue();
        assertThat(service.validateBackup(second).valid()).isTrue();
        assertThat(service.listBackups()).extracting(BackupHandle::backupId).containsExactlyInAnyOrder(taken, fresh);
    }

    @Test
    void chunkedStreamsAreBackedUpWithAllTheirEventsAndRestoredInTheSameChunks() {
        ObjectDocument doc = create(store, "Order", "c-1", 23, 5);
        assertThat(doc.active().streamChunks()).hasSize(5);
        BackupHandle handle = service.backupStream("Order", "c-1");
        assertThat(handle.eventCount()).isEqualTo(23);

        RestoreResult clone = service.restoreToNewStream(handle, "c-2");
        ObjectDocument cloned = document(store, "Order", "c-2");
        assertThat(cloned.active().streamChunks()).isEqualTo(doc.active().streamChunks());
        assertThat(cloned.active().streamIdentifier()).isEqualTo(clone.streamIdentifier()).isNotEqualTo(
                doc.active().streamIdentifier());
        assertThat(readAll(store, "Order", cloned.active())).isEqualTo(readAll(store, "Order", doc.active()));
        assertThat(Files.exists(dir.resolve("store/order/" + clone.streamIdentifier() + "-0000000004.json"))).isTrue();
    }

    @Test
    void aChunkLayoutWrittenUnderASmallerChunkSizeKeepsItsBoundaries() {
        // Chunks 0..4 and 5..6 recorded while the chunk size was 5; the document now says 10.
        io.esbackup.model.StreamInformation info = new io.esbackup.model.StreamInformation("s-0000000000", "blob",
                -1, io.esbackup.model.ChunkSettings.of(5), List.of(), List.of(), java.util.Map.of());
        info = store.appendEvents("Order", info, io.esbackup.model.StreamHeader.of("Order", "o-7"),
                Streams.events(0, 7));
        info = new io.esbackup.model.StreamInformation(info.streamIdentifier(), "blob", 6,
                io.esbackup.model.ChunkSettings.of(10), info.streamChunks(), List.of(), java.util.Map.of());
        store.writeDocument(ObjectDocument.create("Order", "o-7", info), null);
        BackupHandle handle = service.backupStream("Order", "o-7");

        service.restoreToNewStream(handle, "o-8");

        ObjectDocument clone = document(store, "Order", "o-8");
        assertThat(clone.active().streamChunks()).isEqualTo(info.streamChunks());
        assertThat(readAll(store, "Order", clone.active())).isEqualTo(readAll(store, "Order", info));
    }

    @Test
    void restoreWithoutOverwriteOntoALiveStreamFailsNamingItAndWritesNothing() throws IOException {
        create(store, "Order", "o-1", 5, null);
        BackupHandle handle = service.backupStream("Order", "o-1");
        List<Path> before = files(dir.resolve("store"));

        assertThatThrownBy(() -> service.restoreStream(handle))
                .isInstanceOf(StreamAlreadyExistsException.class)
                .hasMessageContaining("Order/o-1")
                .hasMessageContaining("o1-0000000000")
                .hasMessageContaining("version 4");
        assertThat(files(dir.resolve("store"))).isEqualTo(before);
    }

    @Test
    void restoreWithOverwriteSwapsToAFreshStreamAndKeepsTheOldOneAsTerminated() {
        ObjectDocument original = create(store, "Order", "o-1", 5, null);
        BackupHandle handle = service.backupStream("Order", "o-1");
        // A bad migration appends junk after the backup.
        store.appendEvents("Order", original.active(), null, Streams.events(5, 3));

        RestoreResult result = service.restoreStream(handle, RestoreOptions.WITH_OVERWRITE);

        ObjectDocument now = document(store, "Order", "o-1");
        assertThat(now.active().streamIdentifier()).isEqualTo("o1-0000000001").isEqualTo(result.streamIdentifier());
        assertThat(now.active().currentStreamVersion()).isEqualTo(4);
        assertThat(readAll(store, "Order", now.active())).hasSize(5);
        TerminatedStream replaced = now.terminatedStreams().get(0);
        assertThat(replaced.streamIdentifier()).isEqualTo("o1-0000000000");
        assertThat(replaced.reason()).isEqualTo(TerminatedStream.REPLACED_BY_RESTORE);
        assertThat(replaced.continuationStreamId()).isEqualTo("o1-0000000001");
        assertThat(replaced.deleted()).isFalse();
        assertThat(store.streamExists("Order", "o1-0000000000")).isTrue();

        // A second overwrite keeps both earlier streams and purges on request.
        service.restoreStream(handle, RestoreOptions.WITH_OVERWRITE.toBuilder().purgeReplaced(true).build());
        ObjectDocument again = document(store, "Order", "o-1");
        assertThat(again.active().streamIdentifier()).isEqualTo("o1-0000000002");
        assertThat(again.terminatedStreams()).extracting(TerminatedStream::streamIdentifier)
                .containsExactly("o1-0000000000", "o1-0000000001");
        assertThat(again.terminatedStreams().get(1).deleted()).isTrue();
        assertThat(store.streamExists("Order", "o1-0000000001")).isFalse();
        assertThat(store.streamExists("Order", "o1-0000000000")).isTrue();
    }

    @Test
    void cloneWritesANewDocumentWithTheNewIdAndANewStream() {
        ObjectDocument original = create(store, "Order", "o-1", 7, null, 3);
        BackupHandle handle = service.backupStream("Order", "o-1", BackupOptions.FULL);

        service.restoreToNewStream(handle, "o-2");

        ObjectDocument clone = document(store, "Order", "o-2");
        assertThat(clone.objectId()).isEqualTo("o-2");
        assertThat(clone.active().streamIdentifier()).isEqualTo("o2-0000000001");
        assertThat(readAll(store, "Order", clone.active())).isEqualTo(readAll(store, "Order", original.active()));
        assertThat(clone.active().snapShots()).isEqualTo(original.active().snapShots());
        assertThat(document(store, "Order", "o-1")).isEqualTo(original);
    }

    @Test
    void aBackupIsAConsistentCutAtTheVersionReadFirst() {
        ObjectDocument doc = create(store, "Order", "o-1", 10, null);
        // Events appended after the document was read (as by a concurrent writer) are not included.
        store.appendEvents("Order", doc.active(), null, Streams.events(10, 5));
        BackupHandle handle = service.backupDocument(doc, BackupOptions.DEFAULT);
        assertThat(handle.eventCount()).isEqualTo(10);
        assertThat(handle.streamVersion()).isEqualTo(9);
        assertThat(service.validateBackup(handle).valid()).isTrue();
    }

    @Test
    void progressIsReportedAsTheWorkGoes() {
        create(store, "Order", "big", 5000, null);
        List<BackupProgress> backup = new ArrayList<>();
        BackupHandle handle = service.backupStream("Order", "big", BackupOptions.DEFAULT, backup::add);
        assertThat(backup.size()).isGreaterThan(3);
        assertThat(backup).extracting(BackupProgress::eventsBackedUp).isSorted().contains(1000L, 5000L);
        assertThat(backup.get(backup.size() - 1).percentageComplete()).isEqualTo(100.0);

        List<RestoreProgress> restore = new ArrayList<>();
        service.restoreToNewStream(handle, "big-2", RestoreOptions.DEFAULT, restore::add);
        assertThat(restore.size()).isGreaterThan(3);
        assertThat(restore).extracting(RestoreProgress::eventsRestored).isSorted().contains(2000L, 5000L);
    }

    @Test
    void missingStreamIsReportedByNameAndId() {
        assertThatThrownBy(() -> service.backupStream("Order", "nope"))
                .isInstanceOf(StreamNotFoundException.class).hasMessageContaining("Order/nope");
    }

    @Test
    void badIdsAreRejectedNamingTheArgumentAndNothingIsWritten() throws IOException {
        create(store, "Order", "o-1", 2, null);
        BackupHandle handle = service.backupStream("Order", "o-1");
        List<Path> before = files(dir);
        for (String bad : new String[] {"", " ", "..", "a/b", "a\\b", "a\u0000b", "x".repeat(201), "订".repeat(100)}) {
            assertThatThrownBy(() -> service.backupStream("Order", bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("objectId");
            assertThatThrownBy(() -> service.backupStream(bad, "o-1"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("objectName");
            assertThatThrownBy(() -> service.restoreToNewStream(handle, bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("newObjectId");
        }
        assertThatThrownBy(() -> BackupOptions.builder().retention(Duration.ZERO).build())
                .hasMessageContaining("retention");
        assertThatThrownBy(() -> BackupOptions.builder().tag(" ", "v").build()).hasMessageContaining("tags");
        assertThat(files(dir)).isEqualTo(before);
    }

    @Test
    void listGetDeleteAndCleanupWorkFromTheManifestsAlone() {
        create(store, "Order", "o-1", 3, null);
        create(store, "Invoice", "i-1", 3, null);
        BackupHandle a = service.backupStream("Order", "o-1", BackupOptions.builder()
                .retention(Duration.ofDays(1)).tag("env", "prod").description("first").build());
        clock.advance(Duration.ofMinutes(1));
        BackupHandle b = service.backupStream("Order", "o-1");
        clock.advance(Duration.ofMinutes(1));
        BackupHandle c = service.backupStream("Invoice", "i-1", BackupOptions.builder().location("archive/2026").build());

        assertThat(service.listBackups()).extracting(BackupHandle::backupId)
                .containsExactly(c.backupId(), b.backupId(), a.backupId());
        assertThat(service.listBackups(BackupQuery.builder().objectName("Order").build())).hasSize(2);
        assertThat(service.listBackups(BackupQuery.builder().tag("env", "prod").build()))
                .extracting(BackupHandle::backupId).containsExactly(a.backupId());
        assertThat(service.listBackups(BackupQuery.builder().maxResults(1).build()))
                .extracting(BackupHandle::backupId).containsExactly(c.backupId());
        assertThat(service.getBackup(c.backupId())).hasValueSatisfying(h -> {
            assertThat(h.manifest().location()).isEqualTo("archive/2026");
            assertThat(service.validateBackup(h).valid()).isTrue();
        });
        assertThat(service.getBackup(UUID.randomUUID())).isEmpty();

        clock.advance(Duration.ofDays(2));
        assertThat(service.listBackups()).hasSize(2);
        assertThat(service.listBackups(BackupQuery.builder().includeExpired(true).build())).hasSize(3);
        assertThat(service.cleanupExpiredBackups(true).expired()).hasSize(1);
        assertThat(service.getBackup(a.backupId())).isPresent();
        CleanupReport report = service.cleanupExpiredBackups();
        assertThat(report.deletedCount()).isEqualTo(1);
        assertThat(service.getBackup(a.backupId())).isEmpty();

        assertThat(service.deleteBackup(b)).isTrue();
        assertThat(service.deleteBackup(b)).isFalse();
        assertThat(service.listBackups()).extracting(BackupHandle::backupId).containsExactly(c.backupId());
    }

    @Test
    void unfinishedBackupsAreInvisibleAndRemovedAfterTheGracePeriod() throws IOException {
        create(store, "Order", "o-1", 3, null);
        BackupHandle h = service.backupStream("Order", "o-1");
        Path manifest = dir.resolve("backups/backups/Order/o-1/" + h.backupId() + ".meta");
        Files.delete(manifest); // as if the process died before the commit point

        assertThat(service.listBackups()).isEmpty();
        assertThat(service.getBackup(h.backupId())).isEmpty();
        // Files written now are younger than the grace period, so they stay.
        clock.advance(Duration.ofMinutes(1));
        assertThat(service.cleanupExpiredBackups().unfinished()).isEmpty();
        clock.advance(Duration.ofHours(3));
        assertThat(service.cleanupExpiredBackups().unfinished()).hasSize(1);
        assertThat(files(dir.resolve("backups"))).isEmpty();
    }

    static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static void deleteFolder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted((x, y) -> y.compareTo(x)).forEach(p -> p.toFile().delete());
        }
    }

    static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
