package io.esbackup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.RepairReport;
import io.esbackup.backup.ValidationReport;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.model.Event;
import io.esbackup.store.InMemoryEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19 with encryption: a plain file copy of {@code backups/} and {@code keys/}, without {@code backup-index/},
 * restores an encrypted incremental chain with the keyset; a copy that forgot {@code keys/} fails with an error that
 * names the missing data key and says to copy {@code keys/}.
 */
class EncryptedPointerlessCopyTest {
    static final BackupOptions ENCRYPTED_INCREMENTAL = BackupOptions.builder().encrypt(true).incremental(true).build();

    @TempDir
    Path dir;

    final InMemoryEventStore store = new InMemoryEventStore();
    final KeysetHandle keyset = Keysets.parse(Keysets.newKeysetJson(), "test keyset");
    final TickingClock clock = new TickingClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    BackupHandle delta;
    List<Event> events;

    @BeforeEach
    void backUpAnEncryptedChain() {
        Aggregates.create(store, "o-1", 6);
        BackupRestoreService service = service(dir.resolve("original"), keyset);
        service.backupStream("Order", "o-1", ENCRYPTED_INCREMENTAL);
        Aggregates.append(store, "o-1", 4);
        delta = service.backupStream("Order", "o-1", ENCRYPTED_INCREMENTAL);
        assertThat(delta.parentBackupId()).isNotNull();
        events = Aggregates.readAll(store, "o-1");
    }

    @Test
    void aCopyWithItsKeysRestoresTheChainAndRepairGivesBackThePointers() throws IOException {
        Path copy = dir.resolve("copy");
        copyTree(dir.resolve("original/backups"), copy.resolve("backups"));
        copyTree(dir.resolve("original/keys"), copy.resolve("keys"));
        InMemoryEventStore target = new InMemoryEventStore();
        BackupRestoreService fromCopy = BackupRestoreService.builder(target,
                new BlobBackupProvider(new LocalBlobStore(copy))).clock(clock)
                .encryption(new TinkEncryption(keyset)).build();

        fromCopy.restoreStream(fromCopy.requireBackup(delta.backupId()));
        assertThat(Aggregates.readAll(target, "o-1")).extracting(Event::payload)
                .containsExactlyElementsOf(events.stream().map(Event::payload).toList());
        ValidationReport report = fromCopy.validateBackup(delta.backupId());
        assertThat(report.valid()).as(report.problems().toString()).isTrue();
        assertThat(report.warnings()).singleElement().asString().contains("id pointer is missing");

        RepairReport repaired = fromCopy.repair(false);
        assertThat(repaired.recreated()).isEqualTo(2);
        assertThat(repaired.complete()).isTrue();
        for (Path pointer : list(dir.resolve("original/backup-index"))) {
            assertThat(copy.resolve("backup-index").resolve(pointer.getFileName().toString()))
                    .hasSameBinaryContentAs(pointer);
        }
        assertThat(fromCopy.validateBackup(delta.backupId()).warnings()).isEmpty();
    }

    @Test
    void aCopyThatForgotKeysFailsNamingTheMissingDataKey() throws IOException {
        Path copy = dir.resolve("copy");
        copyTree(dir.resolve("original/backups"), copy.resolve("backups"));
        InMemoryEventStore target = new InMemoryEventStore();
        BackupRestoreService fromCopy = BackupRestoreService.builder(target,
                new BlobBackupProvider(new LocalBlobStore(copy))).clock(clock)
                .encryption(new TinkEncryption(keyset)).build();

        assertThatThrownBy(() -> fromCopy.restoreStream(fromCopy.requireBackup(delta.backupId())))
                .isInstanceOf(BackupCorruptedException.class)
                .hasMessageContaining("its data key keys/Order/o-1.key is missing (a copy of these backups needs "
                        + "keys/ as well as backups/)");
        assertThat(target.readDocument("Order", "o-1")).isEmpty();
        ValidationReport withKeyset = fromCopy.validateBackup(delta.backupId());
        assertThat(withKeyset.problems()).anySatisfy(p -> assertThat(p).contains("keys/Order/o-1.key is missing",
                "needs keys/"));
        ValidationReport keyless = BackupRestoreService.builder(target, new BlobBackupProvider(new LocalBlobStore(
                copy))).clock(clock).build().validateBackup(delta.backupId());
        assertThat(keyless.problems()).anySatisfy(p -> assertThat(p).contains("keys/Order/o-1.key is missing",
                "needs keys/"));
        assertThat(keyless.warnings()).singleElement().asString().contains("id pointer is missing");
    }

    private BackupRestoreService service(Path backups, KeysetHandle k) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(new LocalBlobStore(backups))).clock(clock)
                .encryption(new TinkEncryption(k)).build();
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.toList();
        }
    }

    /** A plain recursive file copy: no esbackup involved. */
    private static void copyTree(Path from, Path to) throws IOException {
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
}
