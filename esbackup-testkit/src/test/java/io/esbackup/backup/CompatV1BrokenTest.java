package io.esbackup.backup;

import static io.esbackup.backup.BackupRestoreServiceTest.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.archive.Compression;
import io.esbackup.backup.CompatFixture.Backup;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.error.NotFoundException;
import io.esbackup.model.json.Json;
import io.esbackup.store.FileEventStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deliberately broken copies of the version-1 compatibility backups ({@link CompatV1Test}), made at run
 * time from the good ones in a temporary folder rather than committed: validate reports what is wrong,
 * restore and clone fail with the documented exception, and neither writes a file to the store (which
 * holds a bystander aggregate, so "nothing" is compared against something).
 */
class CompatV1BrokenTest {
    @TempDir
    Path dir;
    Path backupRoot;
    MutableClock clock = new MutableClock(CompatV1Test.NOW);
    FileEventStore store;
    BackupRestoreService service;
    List<Path> storeBefore;

    @BeforeEach
    void copyFixtureAndStoreWithABystander() throws IOException {
        backupRoot = CompatFixture.copyBackups(dir.resolve("backups"));
        store = new FileEventStore(dir.resolve("store"));
        Streams.create(store, "Order", "bystander", 2, null);
        service = CompatFixture.service(store, backupRoot, clock);
        storeBefore = files(dir.resolve("store"));
    }

    static Stream<Backup> backups() {
        return CompatFixture.backups().stream();
    }

    static Stream<Backup> uncompressed() {
        return backups().filter(b -> b.compression() == Compression.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backups")
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
    @MethodSource("backups")
    void anArchiveWithAFlippedBit(Backup b) throws IOException {
        BackupHandle h = handle(b);
        byte[] bytes = Files.readAllBytes(archive(b));
        bytes[bytes.length / 2] ^= 0x04;
        Files.write(archive(b), bytes);

        String checksum = "SHA-256 of the stored bytes is " + CompatFixture.sha256(bytes) + ", manifest says "
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
    @MethodSource("uncompressed")
    void aChangedLetterThatOnlyTheChecksumCatches(Backup b) throws IOException {
        BackupHandle h = handle(b);
        byte[] bytes = Files.readAllBytes(archive(b));
        String text = new String(bytes, StandardCharsets.UTF_8);
        int at = text.indexOf("\"type\":\"") + "\"type\":\"".length() + 1;
        bytes[at] ^= 0x01;
        Files.write(archive(b), bytes);

        String checksum = "SHA-256 of the stored bytes is " + CompatFixture.sha256(bytes) + ", manifest says "
                + h.manifest().sha256();
        assertThat(problems(h)).containsExactly(checksum);
        assertNeverRestored(h, BackupCorruptedException.class, checksum);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backups")
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
    @MethodSource("backups")
    void aManifestWithAnotherChecksum(Backup b) throws IOException {
        BackupHandle h = handle(b);
        String actual = h.manifest().sha256();
        String wrong = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; // SHA-256 of nothing
        editManifest(b, m -> m.put("sha256", wrong));

        String problem = "SHA-256 of the stored bytes is " + actual + ", manifest says " + wrong;
        assertThat(problems(handle(b))).containsExactly(problem);
        assertNeverRestored(h, BackupCorruptedException.class, problem);
    }

    /**
     * The index pointer still leads to the manifest, and the service then takes the archive's key from the
     * manifest's ids, not from the pointer: the archive is "missing" (a plain {@code NotFoundException}),
     * and the archive-header check of FORMAT.md 11.3 (objectId) never runs. This pins what 0.1.0 does.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backups")
    void aManifestNamingAnotherObjectId(Backup b) throws IOException {
        editManifest(b, m -> m.put("objectId", "someone-else"));
        BackupHandle h = handle(b);
        assertThat(h.objectId()).isEqualTo("someone-else");
        // The archive is found through the id pointer, so the edit is reported, not followed.
        String where = b.objectName() + "/" + b.objectId() + (b.location() == null ? "" : " in location "
                + b.location());
        String problem = "manifest names backup " + b.backupId() + " of " + b.objectName() + "/someone-else"
                + (b.location() == null ? "" : " in location " + b.location()) + " but is stored as backup "
                + b.backupId() + " of " + where;
        assertThat(problems(h)).contains(problem, "objectId is " + b.objectId() + " in the archive, someone-else "
                + "in the manifest");
        assertNeverRestored(h, BackupCorruptedException.class, problem);
        // Listing skips a manifest that is not where it says; deleting by id removes all of the backup.
        assertThat(service.listBackups(BackupQuery.builder().includeExpired(true).build()))
                .extracting(BackupHandle::backupId).doesNotContain(b.backupId());
        assertThat(service.deleteBackup(h)).isTrue();
        assertThat(files(backupRoot)).doesNotContain(backupRoot.resolve(b.archiveKey()),
                backupRoot.resolve(b.manifestKey()), backupRoot.resolve(b.indexKey()));
    }

    /**
     * FORMAT.md 11.1: a reader rejects a version it does not know. List skips the manifest (with a warning);
     * get, restore, clone and delete fail with {@code BackupCorruptedException} naming the backup and the
     * version; validate reports it; clean-up leaves it alone: nothing this version cannot read is ever
     * removed by it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backups")
    void aManifestOfAnUnknownFormatVersion(Backup b) throws IOException {
        BackupHandle h = handle(b);
        // Versions 2 (incremental deltas) and 3 (encryption) are known since; 4 is the next unknown one.
        editManifest(b, m -> m.put("formatVersion", 4));
        String rejected = "manifest: manifest has format version 4, this esbackup reads versions 1 to 3";

        assertThatThrownBy(() -> service.getBackup(b.backupId())).isInstanceOf(BackupCorruptedException.class)
                .hasMessage("Backup " + b.backupId() + " is invalid: " + rejected);
        assertThat(service.listBackups(BackupQuery.builder().includeExpired(true).build()))
                .extracting(BackupHandle::backupId).hasSize(11).doesNotContain(b.backupId());
        assertThat(problems(h)).containsExactly(rejected);
        assertNeverRestored(h, BackupCorruptedException.class, rejected);
        clock.advance(BackupRestoreService.DEFAULT_UNFINISHED_GRACE.plusDays(400));
        CleanupReport cleanup = service.cleanupExpiredBackups();
        assertThat(cleanup.unfinished()).isEmpty();
        assertThat(cleanup.expired()).extracting(BackupHandle::backupId).doesNotContain(b.backupId());
        assertThat(files(backupRoot)).contains(backupRoot.resolve(b.archiveKey()),
                backupRoot.resolve(b.manifestKey()), backupRoot.resolve(b.indexKey()));
        // Only an explicit delete by id removes what this version cannot read.
        assertThat(service.deleteBackup(h)).isTrue();
        assertThat(files(backupRoot)).doesNotContain(backupRoot.resolve(b.archiveKey()),
                backupRoot.resolve(b.manifestKey()), backupRoot.resolve(b.indexKey()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backups")
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
