package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.esbackup.archive.Compression;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.NotFoundException;
import io.esbackup.store.FileEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5, suite 5 (bad input) through the API: each case is refused with an exception naming the argument,
 * and nothing is written: every path under the store and backups folders, with each file's size and content
 * hash, is the same before and after.
 */
class BadInputTest {
    private static final String KB4 = "a".repeat(4096);
    private static final String MB1 = "a".repeat(1 << 20);
    private static final UUID UNKNOWN = UUID.fromString("00000000-0000-4000-8000-000000000001");

    @TempDir
    Path dir;
    FileEventStore store;
    BackupRestoreService service;
    BackupHandle handle;

    /** One case: what to call, and the exception type and words its message must have. */
    interface Call {
        void run(BadInputTest t) throws Exception;
    }

    @BeforeEach
    void setUp() {
        store = new FileEventStore(dir.resolve("store"));
        service = new BackupRestoreService(store, new BlobBackupProvider(new LocalBlobStore(dir.resolve("backups"))));
        Streams.create(store, "Order", "o-1", 5, null, 10);
        handle = service.backupStream("Order", "o-1");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                iae("null objectName", "objectName", t -> t.service.backupStream(null, "o-1")),
                iae("null objectId", "objectId", t -> t.service.backupStream("Order", null)),
                iae("blank objectName", "objectName", t -> t.service.backupStream("  ", "o-1")),
                iae("empty objectId", "objectId", t -> t.service.backupStream("Order", "")),
                iae("blank objectId", "objectId", t -> t.service.backupStream("Order", " \t ")),
                iae("4 KB objectId", "objectId", t -> t.service.backupStream("Order", KB4)),
                iae("1 MB objectId", "objectId", t -> t.service.backupStream("Order", MB1)),
                iae("4 KB objectName", "objectName", t -> t.service.backupStream(KB4, "o-1")),
                iae("1 MB objectName", "objectName", t -> t.service.backupStream(MB1, "o-1")),
                iae(".. objectId", "objectId", t -> t.service.backupStream("Order", "..")),
                iae(". objectId", "objectId", t -> t.service.backupStream("Order", ".")),
                iae("/ in objectId", "objectId", t -> t.service.backupStream("Order", "o/../../x")),
                iae("\\ in objectId", "objectId", t -> t.service.backupStream("Order", "o\\x")),
                iae("NUL in objectId", "objectId", t -> t.service.backupStream("Order", "o\0x")),
                iae("newline in objectId", "objectId", t -> t.service.backupStream("Order", "o\nx")),
                iae("tab in objectId", "objectId", t -> t.service.backupStream("Order", "o\tx")),
                iae("DEL in objectId", "objectId", t -> t.service.backupStream("Order", "o\u007fx")),
                iae("ESC in objectId", "objectId", t -> t.service.backupStream("Order", "o\u001b[2Jx")),
                iae(".. objectName", "objectName", t -> t.service.backupStream("..", "o-1")),
                iae("/ in objectName", "objectName", t -> t.service.backupStream("Or/der", "o-1")),
                iae("\\ in objectName", "objectName", t -> t.service.backupStream("Or\\der", "o-1")),
                iae("NUL in objectName", "objectName", t -> t.service.backupStream("Or\0der", "o-1")),
                iae("CR in objectName", "objectName", t -> t.service.backupStream("Or\rder", "o-1")),
                iae(".. in backupAll", "objectName", t -> t.service.backupAll("..", BulkBackupOptions.DEFAULT)),
                iae("null newObjectId", "newObjectId", t -> t.service.restoreToNewStream(t.handle, null)),
                iae("blank newObjectId", "newObjectId", t -> t.service.restoreToNewStream(t.handle, " ")),
                iae("4 KB newObjectId", "newObjectId", t -> t.service.restoreToNewStream(t.handle, KB4)),
                iae("1 MB newObjectId", "newObjectId", t -> t.service.restoreToNewStream(t.handle, MB1)),
                iae(".. newObjectId", "newObjectId", t -> t.service.restoreToNewStream(t.handle, "..")),
                iae("/ in newObjectId", "newObjectId", t -> t.service.restoreToNewStream(t.handle, "a/b")),
                iae("\\ in newObjectId", "newObjectId", t -> t.service.restoreToNewStream(t.handle, "a\\b")),
                iae("NUL in newObjectId", "newObjectId", t -> t.service.restoreToNewStream(t.handle, "a\0b")),
                iae("BEL in newObjectId", "newObjectId", t -> t.service.restoreToNewStream(t.handle, "a\u0007b")),
                iae("null handle", "handle", t -> t.service.restoreStream(null)),
                iae("null backupId (get)", "backupId", t -> t.service.getBackup(null)),
                iae("null backupId (delete)", "backupId", t -> t.service.deleteBackup((UUID) null)),
                iae("null options", "options", t -> t.service.backupStream("Order", "o-1", null)),
                notFound("unknown backup id (require)", t -> t.service.requireBackup(UNKNOWN)),
                notFound("unknown backup id (validate)", t -> t.service.validateBackup(UNKNOWN)),
                notFound("unknown backup ids (restoreManyById)", t -> {
                    BulkRestoreResult r = t.service.restoreManyById(List.of(UNKNOWN), BulkRestoreOptions.DEFAULT);
                    throw firstFailure(r);
                }),
                iae("negative retention", "retention", t -> t.service.backupStream("Order", "o-1",
                        BackupOptions.builder().retention(Duration.ofMinutes(-5)).build())),
                iae("zero retention", "retention", t -> t.service.backupStream("Order", "o-1",
                        BackupOptions.builder().retention(Duration.ZERO).build())),
                iae("concurrency 0", "Concurrency", t -> t.service.backupMany(List.of("o-1"), "Order",
                        BulkBackupOptions.builder().maxConcurrency(0).build())),
                iae("concurrency 10,000", "Concurrency", t -> t.service.backupMany(List.of("o-1"), "Order",
                        BulkBackupOptions.builder().maxConcurrency(10_000).build())),
                iae("negative concurrency", "Concurrency", t -> t.service.backupMany(List.of("o-1"), "Order",
                        BulkBackupOptions.builder().maxConcurrency(-1).build())),
                iae("tag with empty key", "tag", t -> t.service.backupStream("Order", "o-1",
                        BackupOptions.builder().tag("", "v").build())),
                iae("tag with blank key", "tag", t -> t.service.backupStream("Order", "o-1",
                        BackupOptions.builder().tags(Map.of("  ", "v")).build())),
                iae("unknown compression (null)", "compression", t -> t.service.backupStream("Order", "o-1",
                        BackupOptions.builder().compression(null).build())),
                iae("unknown compression (name)", "LZ4", t -> t.service.backupStream("Order", "o-1",
                        BackupOptions.builder().compression(Compression.valueOf("LZ4")).build())),
                iae(".. in location", "location", t -> t.service.backupStream("Order", "o-1",
                        BackupOptions.builder().location("a/../..").build())));
    }

    private static Exception firstFailure(BulkRestoreResult r) {
        if (r.failedRestores().isEmpty()) {
            throw new AssertionError("no failure");
        }
        Throwable e = r.failedRestores().get(0).exception();
        return e instanceof Exception x ? x : new RuntimeException(e);
    }

    private static Arguments iae(String name, String argument, Call call) {
        return Arguments.of(name, IllegalArgumentException.class, argument, call);
    }

    private static Arguments notFound(String name, Call call) {
        return Arguments.of(name, NotFoundException.class, UNKNOWN.toString(), call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithAClearErrorAndNothingWritten(String name, Class<? extends Throwable> type, String mentions,
            Call call) throws IOException {
        List<String> before = snapshot();

        Throwable thrown = catchThrowable(() -> call.run(this));

        assertThat(thrown).as(name).isInstanceOf(type);
        assertThat(thrown.getMessage()).as(name).contains(mentions);
        assertThat(thrown.getMessage().length()).as("%s: message stays short", name).isLessThan(1000);
        assertThat(snapshot()).as(name).isEqualTo(before);
        assertThat(service.validateBackup(handle).valid()).isTrue();
    }

    /** Every path under the store and backups folders, with the size and content hash of each file. */
    List<String> snapshot() throws IOException {
        return Files.exists(dir) ? listing(dir) : List.of();
    }

    static List<String> listing(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.sorted().map(p -> {
                try {
                    return root.relativize(p) + (Files.isRegularFile(p)
                            ? " " + Files.size(p) + " " + java.util.Arrays.hashCode(Files.readAllBytes(p)) : "/");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
