package io.esbackup.backup;

import static io.esbackup.backup.BackupRestoreServiceTest.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.archive.Compression;
import io.esbackup.backup.CompatFixture.Backup;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.error.NotFoundException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backups written by esbackup 0.1.0 (format version 1, {@code src/test/resources/compat/v1}) are found,
 * validate, and restore and clone to exactly what {@code expected.json} says; deliberately broken copies
 * of them ({@link Broken}, made at run time from the good ones) are reported and never restored. These
 * fixtures are never regenerated: a later version that fails here has broken compatibility (STYLE
 * habit 8).
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

    static Stream<Backup> uncompressed() {
        return backups().filter(b -> b.compression() == Compression.NONE);
    }

    /** A service over the copied backups and a store at {@code storeRoot}; it must never write a backup. */
    static BackupRestoreService service(EventStore store, Path backupRoot, MutableClock clock) {
        return new BackupRestoreService(store, new BlobBackupProvider(new LocalBlobStore(backupRoot)), clock,
                () -> {
                    throw new AssertionError("the compatibility tests never write a backup");
                }, BackupRestoreService.DEFAULT_UNFINISHED_GRACE);
    }

    private BackupRestoreService service(Path storeRoot) {
        return service(new FileEventStore(storeRoot), backupRoot, clock);
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
        assertThat(all).extracting(Backup::expiresAt).filteredOn(java.util.Objects::nonNull).hasSize(1);
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
        BackupRestoreService service = service(store, backupRoot, clock);
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
        BackupRestoreService service = service(store, backupRoot, clock);
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

    /**
     * Broken copies of each good backup, made at run time in the temporary folder: validate reports what is
     * wrong, and neither restore nor clone writes anything to the store (which holds a bystander aggregate,
     * so "nothing" is compared against something).
     */
    @Nested
    class Broken {
        FileEventStore store;
        BackupRestoreService service;
        List<Path> storeBefore;

        @BeforeEach
        void storeWithABystander() throws IOException {
            store = new FileEventStore(dir.resolve("store"));
            Streams.create(store, "Order", "bystander", 2, null);
            service = service(store, backupRoot, clock);
            storeBefore = files(dir.resolve("store"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.esbackup.backup.CompatV1Test#backups")
        void aTruncatedArchive(Backup b) throws IOException {
            BackupHandle h = handle(b);
            byte[] good = Files.readAllBytes(archive(b));
            Files.write(archive(b), Arrays.copyOf(good, good.length / 2));

            assertThat(problems(h)).anySatisfy(p -> assertThat(p).startsWith("archive cannot be read"));
            assertNeverRestored(h, BackupCorruptedException.class, "archive cannot be read");
        }

        /**
         * One flipped bit in the middle: depending on where it lands the archive cannot be decompressed or
         * parsed (zstd frames carry no checksum, so a zstd archive may decompress to wrong JSON), or it reads
         * and only the SHA-256 check catches it. Either way it is reported and never restored.
         */
        @ParameterizedTest(name = "{0}")
        @MethodSource("io.esbackup.backup.CompatV1Test#backups")
        void anArchiveWithAFlippedBit(Backup b) throws IOException {
            BackupHandle h = handle(b);
            byte[] bytes = Files.readAllBytes(archive(b));
            bytes[bytes.length / 2] ^= 0x04;
            Files.write(archive(b), bytes);

            String checksum = "SHA-256 of the stored bytes is " + sha256(bytes) + ", manifest says "
                    + h.manifest().sha256();
            List<String> problems = problems(h);
            assertThat(problems).last().satisfiesAnyOf(
                    p -> assertThat(p).isEqualTo(checksum),
                    p -> assertThat(p).startsWith("archive cannot be read: "),
                    p -> assertThat(p).startsWith("archive cannot be decompressed as " + b.compression().wireName()),
                    p -> assertThat(p).startsWith("archive header is not valid: "));
            assertNeverRestored(h, BackupCorruptedException.class, problems.get(0));
        }

        /**
         * A changed letter inside an event type of an uncompressed archive leaves valid JSON with the right
         * ids and counts: only the checksum catches it, after restore has written the events to a stream no
         * document points to yet, and that stream is removed again.
         */
        @ParameterizedTest(name = "{0}")
        @MethodSource("io.esbackup.backup.CompatV1Test#uncompressed")
        void aChangedLetterThatOnlyTheChecksumCatches(Backup b) throws IOException {
            BackupHandle h = handle(b);
            byte[] bytes = Files.readAllBytes(archive(b));
            String text = new String(bytes, StandardCharsets.UTF_8);
            int at = text.indexOf("\"type\":\"") + "\"type\":\"".length() + 1;
            bytes[at] ^= 0x01;
            Files.write(archive(b), bytes);

            String checksum = "SHA-256 of the stored bytes is " + sha256(bytes) + ", manifest says "
                    + h.manifest().sha256();
            assertThat(problems(h)).containsExactly(checksum);
            assertNeverRestored(h, BackupCorruptedException.class, checksum);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.esbackup.backup.CompatV1Test#backups")
        void aMissingManifestIsAnUnfinishedBackup(Backup b) throws IOException {
            BackupHandle h = handle(b);
            Files.delete(backupRoot.resolve(b.manifestKey()));
            List<Path> backupFiles = files(backupRoot);

            assertThat(service.getBackup(b.backupId())).isEmpty();
            assertThat(service.listBackups(BackupQuery.builder().includeExpired(true).build()))
                    .extracting(BackupHandle::backupId).hasSize(11).doesNotContain(b.backupId());
            assertThat(problems(h)).containsExactly("manifest is missing");
            assertNeverRestored(h, BackupNotFoundException.class, b.backupId().toString());

            CleanupReport young = service.cleanupExpiredBackups();
            assertThat(young.deletedCount()).isZero();
            assertThat(files(backupRoot)).isEqualTo(backupFiles);
            clock.advance(BackupRestoreService.DEFAULT_UNFINISHED_GRACE.plusMinutes(1));
            CleanupReport old = service.cleanupExpiredBackups();
            assertThat(old.expired()).isEmpty();
            assertThat(old.unfinished()).extracting(UnfinishedBackup::key).containsExactly(b.archiveKey());
            List<Path> left = new ArrayList<>(backupFiles);
            left.remove(backupRoot.resolve(b.archiveKey()));
            left.remove(backupRoot.resolve(b.indexKey()));
            assertThat(files(backupRoot)).isEqualTo(left);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.esbackup.backup.CompatV1Test#backups")
        void aManifestWithAnotherChecksum(Backup b) throws IOException {
            BackupHandle h = handle(b);
            String actual = h.manifest().sha256();
            String wrong = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; // SHA-256 of nothing
            editManifest(b, m -> m.put("sha256", wrong));

            String problem = "SHA-256 of the stored bytes is " + actual + ", manifest says " + wrong;
            assertThat(problems(handle(b))).containsExactly(problem);
            assertNeverRestored(h, BackupCorruptedException.class, problem);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.esbackup.backup.CompatV1Test#backups")
        void aManifestNamingAnotherObjectId(Backup b) throws IOException {
            editManifest(b, m -> m.put("objectId", "someone-else"));
            // The index pointer still leads to the manifest; the manifest's ids then name the archive's key.
            BackupHandle h = handle(b);
            assertThat(h.objectId()).isEqualTo("someone-else");
            String missing = b.archiveKey().replace("/" + b.objectId() + "/", "/someone-else/");

            assertThat(problems(h)).containsExactly("archive is missing: archive " + missing + " is missing");
            assertNeverRestored(h, NotFoundException.class, "archive " + missing + " is missing");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.esbackup.backup.CompatV1Test#backups")
        void aManifestOfAnUnknownFormatVersion(Backup b) throws IOException {
            BackupHandle h = handle(b);
            editManifest(b, m -> m.put("formatVersion", 2));
            List<Path> backupFiles = files(backupRoot);
            String rejected = "manifest has format version 2, this esbackup reads version 1";

            assertThatThrownBy(() -> service.getBackup(b.backupId()))
                    .isInstanceOf(ArchiveFormatException.class).hasMessage(rejected);
            assertThat(service.listBackups(BackupQuery.builder().includeExpired(true).build()))
                    .extracting(BackupHandle::backupId).hasSize(11).doesNotContain(b.backupId());
            assertThat(problems(h)).containsExactly("manifest: " + rejected);
            assertNeverRestored(h, ArchiveFormatException.class, rejected);
            // Clean-up never removes what it cannot read.
            clock.advance(BackupRestoreService.DEFAULT_UNFINISHED_GRACE.plusDays(400));
            assertThat(service.cleanupExpiredBackups().unfinished()).isEmpty();
            assertThat(files(backupRoot)).contains(backupRoot.resolve(b.archiveKey()),
                    backupRoot.resolve(b.manifestKey()), backupRoot.resolve(b.indexKey()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.esbackup.backup.CompatV1Test#backups")
        void anArchiveSwappedWithAnotherBackupsArchive(Backup b) throws IOException {
            List<Backup> same = CompatFixture.backups().stream().filter(o -> o.compression() == b.compression())
                    .toList();
            Backup other = same.get((same.indexOf(b) + 1) % same.size());
            BackupHandle h = handle(b);
            Files.copy(backupRoot.resolve(other.archiveKey()), archive(b), StandardCopyOption.REPLACE_EXISTING);

            String problem = "backupId is " + other.backupId() + " in the archive, " + b.backupId() + " in the manifest";
            assertThat(problems(h)).contains(problem);
            assertNeverRestored(h, BackupCorruptedException.class, problem);
        }

        private BackupHandle handle(Backup b) {
            return service.getBackup(b.backupId()).orElseThrow(() -> new AssertionError(b + " not found"));
        }

        private Path archive(Backup b) {
            return backupRoot.resolve(b.archiveKey());
        }

        private List<String> problems(BackupHandle h) {
            ValidationReport report = service.validateBackup(h);
            assertThat(report.valid()).as("valid").isFalse();
            return report.problems();
        }

        private void editManifest(Backup b, Consumer<ObjectNode> edit) throws IOException {
            Path manifest = backupRoot.resolve(b.manifestKey());
            ObjectNode m = (ObjectNode) Json.tree(Files.readAllBytes(manifest));
            edit.accept(m);
            Files.write(manifest, Json.bytes(m));
        }

        /** Restore and clone both fail with {@code type} and leave every file of the store as it was. */
        private void assertNeverRestored(BackupHandle h, Class<? extends Throwable> type, String message)
                throws IOException {
            assertThatThrownBy(() -> service.restoreStream(h)).isInstanceOf(type).hasMessageContaining(message);
            assertThat(files(dir.resolve("store"))).isEqualTo(storeBefore);
            assertThatThrownBy(() -> service.restoreToNewStream(h, "clone-1"))
                    .isInstanceOf(type).hasMessageContaining(message);
            assertThat(files(dir.resolve("store"))).isEqualTo(storeBefore);
            assertThat(store.readDocument(h.objectName(), h.objectId())).isEmpty();
            assertThat(store.readDocument(h.objectName(), "clone-1")).isEmpty();
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
            String data = store.readSnapshot(name, active.streamIdentifier(), ref).map(CompatV1Test::read)
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

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
