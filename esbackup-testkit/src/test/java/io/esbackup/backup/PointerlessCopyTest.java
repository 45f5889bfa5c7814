package io.esbackup.backup;

import static io.esbackup.backup.Streams.create;
import static io.esbackup.backup.Streams.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.TransientStorageException;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventStore;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19: a copy of a backups folder's {@code backups/} alone, made with a plain recursive file copy (so without
 * {@code backup-index/}), is listed, shown, restored, cloned, validated (valid, with a warning) and deleted;
 * {@code repair} recreates exactly the pointers the original store has, byte for byte, and nothing in a dry run.
 */
class PointerlessCopyTest {
    static final BackupQuery EVERYTHING = BackupQuery.builder().includeExpired(true).build();
    static final BackupOptions INCREMENTAL = BackupOptions.builder().incremental(true).build();

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));
    final InMemoryEventStore source = new InMemoryEventStore();
    Path original;
    Path copy;
    BackupHandle plain;
    BackupHandle located;
    BackupHandle root;
    BackupHandle delta1;
    BackupHandle delta2;
    List<BackupHandle> all;

    @BeforeEach
    void backUpAndCopyOnlyTheBackupsFolder() throws IOException {
        original = dir.resolve("original");
        copy = dir.resolve("copy");
        BackupRestoreService service = service(source, new LocalBlobStore(original));
        create(source, "Order", "o-1", 5, null, 2);
        create(source, "Order", "o-2", 3, 2);
        create(source, "Invoice", "i-1", 4, null);
        plain = service.backupStream("Order", "o-1", BackupOptions.FULL);
        located = service.backupStream("Order", "o-2", BackupOptions.builder().location("archive/2026").build());
        root = service.backupStream("Invoice", "i-1", INCREMENTAL);
        append("Invoice", "i-1", 3);
        clock.advance(Duration.ofMinutes(1));
        delta1 = service.backupStream("Invoice", "i-1", INCREMENTAL);
        append("Invoice", "i-1", 2);
        clock.advance(Duration.ofMinutes(1));
        delta2 = service.backupStream("Invoice", "i-1", INCREMENTAL);
        assertThat(delta2.parentBackupId()).isEqualTo(delta1.backupId().toString());
        assertThat(delta1.parentBackupId()).isEqualTo(root.backupId().toString());
        all = List.of(plain, located, root, delta1, delta2);
        assertThat(original.resolve("backup-index")).isDirectoryContaining(p -> true);

        copyTree(original.resolve("backups"), copy.resolve("backups"));
        assertThat(copy.resolve("backup-index")).doesNotExist();
    }

    @Test
    void theCopyIsListedShownRestoredClonedAndValidatedWithAWarningWritingNothing() throws IOException {
        Map<String, String> before = files(copy);
        BackupRestoreService fromCopy = service(source, new LocalBlobStore(copy));

        assertThat(fromCopy.listBackups(EVERYTHING)).extracting(BackupHandle::manifest)
                .containsExactlyInAnyOrderElementsOf(all.stream().map(BackupHandle::manifest).toList());
        for (BackupHandle h : all) {
            assertThat(fromCopy.requireBackup(h.backupId()).manifest()).isEqualTo(h.manifest());
        }

        for (BackupHandle h : List.of(plain, located, delta2)) {
            InMemoryEventStore target = new InMemoryEventStore();
            RestoreResult r = service(target, new LocalBlobStore(copy)).restoreStream(fromCopy.requireBackup(
                    h.backupId()));
            ObjectDocument restored = Streams.document(target, h.objectName(), h.objectId());
            ObjectDocument was = Streams.document(source, h.objectName(), h.objectId());
            assertThat(readAll(target, h.objectName(), restored.active()))
                    .isEqualTo(readAll(source, h.objectName(), was.active()))
                    .hasSize((int) r.eventsRestored());
        }
        RestoreResult clone = fromCopy.restoreToNewStream(fromCopy.requireBackup(delta1.backupId()), "i-clone");
        assertThat(clone.eventsRestored()).isEqualTo(7);
        assertThat(readAll(source, "Invoice", Streams.document(source, "Invoice", "i-clone").active())).isEqualTo(
                readAll(source, "Invoice", Streams.document(source, "Invoice", "i-1").active()).subList(0, 7));

        for (BackupHandle h : all) {
            ValidationReport byId = fromCopy.validateBackup(h.backupId());
            assertThat(byId.valid()).as(byId.problems().toString()).isTrue();
            assertThat(byId.warnings()).containsExactly(BackupValidation.POINTER_MISSING);
        }
        List<ValidationReport> reports = validateAll(fromCopy);
        assertThat(reports).extracting(ValidationReport::backupId)
                .containsExactlyInAnyOrderElementsOf(all.stream().map(BackupHandle::backupId).toList());
        assertThat(reports).allSatisfy(r -> {
            assertThat(r.valid()).as(r.problems().toString()).isTrue();
            assertThat(r.warnings()).containsExactly(BackupValidation.POINTER_MISSING);
        });
        assertThat(files(copy)).isEqualTo(before);
    }

    @Test
    void deletingABackupOfTheCopyLeavesNothingOfItAndAParentStaysWhileItsChildIsThere() throws IOException {
        BackupRestoreService fromCopy = service(source, new LocalBlobStore(copy));

        assertThatThrownBy(() -> fromCopy.deleteBackup(delta1.backupId())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("parent of incremental backup " + delta2.backupId());
        for (BackupHandle h : List.of(plain, located, delta2)) {
            assertThat(fromCopy.deleteBackup(h.backupId())).isTrue();
            assertThat(fromCopy.getBackup(h.backupId())).isEmpty();
            assertThat(fromCopy.deleteBackup(h.backupId())).isFalse();
        }
        assertThat(fromCopy.deleteBackup(fromCopy.requireBackup(delta1.backupId()))).isTrue();

        assertThat(files(copy).keySet()).allSatisfy(f -> assertThat(f)
                .doesNotContain(plain.backupId().toString(), located.backupId().toString(),
                        delta1.backupId().toString(), delta2.backupId().toString()))
                .anySatisfy(f -> assertThat(f).contains(root.backupId().toString()));
        assertThat(copy.resolve("backup-index")).doesNotExist();
        assertThat(fromCopy.listBackups(EVERYTHING)).containsExactly(fromCopy.requireBackup(root.backupId()));
    }

    @Test
    void aDryRunWritesNothingAndRepairRecreatesExactlyTheOriginalPointersOnce() throws IOException {
        BackupRestoreService fromCopy = service(source, new LocalBlobStore(copy));
        Map<String, String> before = files(copy);

        RepairReport dry = fromCopy.repair(true);
        assertThat(dry).isEqualTo(new RepairReport(true, 5, 5, 0, 0, 0, List.of(), List.of()));
        assertThat(files(copy)).isEqualTo(before);

        List<Long> progress = new ArrayList<>();
        RepairReport repaired = fromCopy.repair(false, progress::add);
        assertThat(repaired).isEqualTo(new RepairReport(false, 5, 5, 0, 0, 0, List.of(), List.of()));
        assertThat(repaired.complete()).isTrue();
        assertThat(progress).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(files(copy.resolve("backup-index"))).isEqualTo(files(original.resolve("backup-index")))
                .hasSize(5);

        assertThat(fromCopy.repair(false)).isEqualTo(new RepairReport(false, 5, 0, 5, 0, 0, List.of(), List.of()));
        assertThat(validateAll(fromCopy)).hasSize(5).allSatisfy(r -> {
            assertThat(r.valid()).isTrue();
            assertThat(r.warnings()).isEmpty();
        });
        // The original store, whose pointers were written by its backups, has nothing to repair either.
        assertThat(service(source, new LocalBlobStore(original)).repair(false).alreadyRight()).isEqualTo(5);
    }

    @Test
    void aPointerThatNamesAnotherPlaceOrCannotBeReadIsReportedAndNeverOverwritten() throws IOException {
        Path index = Files.createDirectories(copy.resolve("backup-index"));
        byte[] elsewhere = "{\"objectName\":\"Order\",\"objectId\":\"o-9\",\"location\":null}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] damaged = "{\"objectNa".getBytes(StandardCharsets.UTF_8);
        Files.write(index.resolve(plain.backupId().toString()), elsewhere);
        Files.write(index.resolve(located.backupId().toString()), damaged);
        BackupRestoreService fromCopy = service(source, new LocalBlobStore(copy));

        RepairReport report = fromCopy.repair(false);

        assertThat(report.recreated()).isEqualTo(3);
        assertThat(report.disagreeing()).isEqualTo(2);
        assertThat(report.complete()).isFalse();
        assertThat(report.disagreements()).hasSize(2).contains(PointerCheck.differs(BackupLocation.of(
                plain.manifest()), new BackupLocation(plain.backupId(), "Order", "o-9", null)))
                .anySatisfy(c -> {
                    assertThat(c.manifestAt()).isEqualTo(BackupLocation.of(located.manifest()));
                    assertThat(c.state()).isEqualTo(PointerCheck.State.DAMAGED);
                    assertThat(c.problem()).startsWith("the id pointer backup-index/" + located.backupId()
                            + " is damaged: ");
                });
        assertThat(Files.readAllBytes(index.resolve(plain.backupId().toString()))).isEqualTo(elsewhere);
        assertThat(Files.readAllBytes(index.resolve(located.backupId().toString()))).isEqualTo(damaged);
        assertThat(fromCopy.repair(false).disagreeing()).isEqualTo(2);

        // Found by id where the pointer says, which holds nothing; validation of all reports both, each once.
        assertThatThrownBy(() -> fromCopy.validateBackup(plain.backupId()))
                .isInstanceOf(BackupNotFoundException.class);
        List<ValidationReport> reports = validateAll(fromCopy);
        assertThat(reports).extracting(ValidationReport::backupId)
                .containsExactlyInAnyOrderElementsOf(all.stream().map(BackupHandle::backupId).toList());
        ValidationReport differing = reports.stream().filter(r -> r.backupId().equals(plain.backupId())).findFirst()
                .orElseThrow();
        assertThat(differing.problems()).singleElement().asString()
                .contains("its id pointer names Order/o-9, but its manifest is stored at Order/o-1");
        assertThat(differing.eventsRead()).isEqualTo(5);
        assertThat(reports.stream().filter(r -> r.backupId().equals(located.backupId())).findFirst().orElseThrow()
                .problems()).singleElement().asString().contains("id pointer", "is damaged");
    }

    @Test
    void aChainIsFoundWithOneListingAndNoneWhereTheRegistryKnowsTheBackup() {
        FaultyBlobStore counted = new FaultyBlobStore(new LocalBlobStore(copy), 19);
        BackupRestoreService fromCopy = service(new InMemoryEventStore(), counted);

        BackupHandle newest = fromCopy.requireBackup(delta2.backupId());
        assertThat(counted.calls(BlobOp.LIST)).as("the listing that found the newest link").isEqualTo(1);
        fromCopy.restoreStream(newest);
        assertThat(fromCopy.validateBackup(newest).warnings()).containsExactly(BackupValidation.POINTER_MISSING);
        assertThat(counted.calls(BlobOp.LIST)).as("the parents are looked for in the newest link's folder")
                .isEqualTo(1);
        assertThat(fromCopy.getBackup(UUID.randomUUID())).isEmpty();
        assertThat(counted.calls(BlobOp.LIST)).as("an id no backup has is looked for too").isEqualTo(2);

        InMemoryBackupRegistry registry = new InMemoryBackupRegistry();
        all.forEach(h -> registry.record(h.manifest()));
        BackupRestoreService withRegistry = BackupRestoreService.builder(new InMemoryEventStore(),
                new BlobBackupProvider(counted)).registry(registry).clock(clock).build();
        assertThat(withRegistry.validateBackup(delta2.backupId()).valid()).isTrue();
        assertThat(withRegistry.restoreStream(withRegistry.requireBackup(located.backupId())).eventsRestored())
                .isEqualTo(3);
        assertThat(withRegistry.deleteBackup(plain.backupId())).isTrue();
        assertThat(counted.calls(BlobOp.LIST)).as("no listing where the registry knows the backup").isEqualTo(2);
    }

    @Test
    void rebuildingTheRegistryRecreatesTheMissingPointersAndRecordsEveryBackup() throws IOException {
        InMemoryBackupRegistry registry = new InMemoryBackupRegistry();
        BackupRestoreService withRegistry = BackupRestoreService.builder(source, new BlobBackupProvider(
                new LocalBlobStore(copy))).registry(registry).clock(clock).build();

        assertThat(withRegistry.rebuildRegistry()).isEqualTo(new RebuildReport(5, 0, 5, 0));

        assertThat(files(copy.resolve("backup-index"))).isEqualTo(files(original.resolve("backup-index")));
        assertThat(withRegistry.listBackups(EVERYTHING)).hasSize(5);
        assertThat(withRegistry.rebuildRegistry()).isEqualTo(new RebuildReport(5, 0));
    }

    @Test
    void aRepairThatFailsOrIsKilledMidwayFinishesWhenRunAgain() throws IOException {
        FaultyBlobStore faulty = new FaultyBlobStore(new LocalBlobStore(copy), 19);
        BackupRestoreService fromCopy = service(source, faulty);
        faulty.failWith(() -> new TransientStorageException("injected: the second pointer write"))
                .failOnCall(BlobOp.WRITE, 2);

        RepairReport failed = fromCopy.repair(false);
        assertThat(failed.recreated()).isEqualTo(4);
        assertThat(failed.failed()).isEqualTo(1);
        assertThat(failed.failures()).singleElement().extracting(RepairFailure::message)
                .isEqualTo("injected: the second pointer write");
        assertThat(failed.complete()).isFalse();

        faulty.heal();
        try (Stream<Path> pointers = Files.list(copy.resolve("backup-index"))) {
            pointers.forEach(PointerlessCopyTest::delete);
        }
        RuntimeException killed = new IllegalStateException("killed after the first pointer");
        assertThatThrownBy(() -> fromCopy.repair(false, n -> {
            throw killed;
        })).isSameAs(killed);
        assertThat(files(copy.resolve("backup-index"))).hasSize(1);

        assertThat(fromCopy.repair(false)).isEqualTo(new RepairReport(false, 5, 4, 1, 0, 0, List.of(), List.of()));
        assertThat(files(copy.resolve("backup-index"))).isEqualTo(files(original.resolve("backup-index")));
    }

    // ---- helpers

    BackupRestoreService service(EventStore store, io.esbackup.blob.BlobStore backups) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(backups)).clock(clock).build();
    }

    void append(String name, String id, int count) {
        ObjectDocument doc = Streams.document(source, name, id);
        StreamInformation s = source.appendEvents(name, doc.active(), StreamHeader.of(name, id),
                Streams.events(doc.active().currentStreamVersion() + 1, count));
        source.writeDocument(doc.withActive(s), source.readDocument(name, id).orElseThrow().etag());
    }

    static List<ValidationReport> validateAll(BackupRestoreService service) {
        try (Stream<ValidationReport> reports = service.validateAll()) {
            return reports.toList();
        }
    }

    /** A plain recursive file copy, as a person or a file-sync tool makes one: no esbackup involved. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Every file under {@code root}, by relative path, with its bytes (as text of their values). */
    static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                out.put(root.relativize(p).toString(), Arrays.toString(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
