package io.esbackup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.CopyOptions;
import io.esbackup.backup.CopyReport;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.error.ConflictException;
import io.esbackup.error.ShreddedException;
import io.esbackup.store.InMemoryEventStore;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code copyTo} with encrypted backups: the data key goes with them (the copy restores with the same keyset), a
 * shred at the source reaches the copy on the next run, a backup already shredded is not copied, and a destination
 * holding another key for the aggregate is a conflict.
 */
class EncryptedCopyTest {
    static final BackupOptions ENCRYPTED = BackupOptions.builder().encrypt(true).incremental(true).build();
    static final BackupQuery ALL = BackupQuery.builder().build();

    final InMemoryEventStore store = new InMemoryEventStore();
    final InMemoryBlobStore sourceBlobs = new InMemoryBlobStore();
    final InMemoryBlobStore drBlobs = new InMemoryBlobStore();
    final KeysetHandle keyset = Keysets.parse(Keysets.newKeysetJson(), "test keyset");
    final TickingClock clock = new TickingClock(Instant.parse("2026-01-01T00:00:00Z"));

    BackupRestoreService over(InMemoryBlobStore blobs, KeysetHandle k) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(blobs)).clock(clock)
                .encryption(new TinkEncryption(k)).build();
    }

    @Test
    void theDataKeyGoesWithItsBackupsAndTheCopyRestoresWithTheSameKeyset() {
        BackupRestoreService source = over(sourceBlobs, keyset);
        Aggregates.create(store, "o-1", 10);
        source.backupStream("Order", "o-1", ENCRYPTED);
        Aggregates.append(store, "o-1", 4);
        BackupHandle delta = source.backupStream("Order", "o-1", ENCRYPTED);
        assertThat(delta.parentBackupId()).isNotNull();

        CopyReport report = source.copyTo(new BlobBackupProvider(drBlobs), ALL, CopyOptions.DEFAULT);

        assertThat(report.failures()).isEmpty();
        assertThat(report.copied()).isEqualTo(2);
        assertThat(drBlobs.readAllBytes("keys/Order/o-1.key")).hasValueSatisfying(k ->
                assertThat(k).isEqualTo(sourceBlobs.readAllBytes("keys/Order/o-1.key").orElseThrow()));
        BackupRestoreService dr = over(drBlobs, keyset);
        dr.restoreToNewStream(dr.requireBackup(delta.backupId()), "o-copy");
        assertThat(Aggregates.readAll(store, "o-copy")).hasSize(14);
        assertThat(dr.validateBackup(delta.backupId()).problems()).isEmpty();
    }

    @Test
    void aShredAtTheSourceReachesTheCopyOnTheNextRunAndLeavesOtherAggregatesReadable() {
        BackupRestoreService source = over(sourceBlobs, keyset);
        Aggregates.create(store, "o-1", 5);
        Aggregates.create(store, "o-2", 5);
        BackupHandle one = source.backupStream("Order", "o-1", ENCRYPTED);
        BackupHandle two = source.backupStream("Order", "o-2", ENCRYPTED);
        source.copyTo(new BlobBackupProvider(drBlobs), ALL, CopyOptions.DEFAULT);
        source.shred("Order", "o-1");
        byte[] keyThere = drBlobs.readAllBytes("keys/Order/o-1.key").orElseThrow();

        CopyReport dryRun = source.copyTo(new BlobBackupProvider(drBlobs), ALL,
                CopyOptions.builder().dryRun(true).build());
        assertThat(dryRun.shredsCarried()).as("would shred, once for the aggregate").isEqualTo(1);
        assertThat(drBlobs.readAllBytes("keys/Order/o-1.key")).as("a dry run shreds nothing")
                .hasValue(keyThere);

        CopyReport again = source.copyTo(new BlobBackupProvider(drBlobs), ALL, CopyOptions.DEFAULT);

        assertThat(again.failures()).isEmpty();
        assertThat(again.shredsCarried()).isEqualTo(1);
        assertThat(again.skipped()).isEqualTo(2);
        BackupRestoreService dr = over(drBlobs, keyset);
        assertThatThrownBy(() -> dr.restoreToNewStream(dr.requireBackup(one.backupId()), "x"))
                .isInstanceOf(ShreddedException.class);
        dr.restoreToNewStream(dr.requireBackup(two.backupId()), "o-2-copy");
        assertThat(Aggregates.readAll(store, "o-2-copy")).hasSize(5);
        assertThat(source.copyTo(new BlobBackupProvider(drBlobs), ALL, CopyOptions.DEFAULT).shredsCarried())
                .as("carried once").isZero();
    }

    /**
     * A backup at the destination that the listing missed (it came since, from another copy) is skipped, as one
     * listed is, when its aggregate was shredded at the source since: not counted as shredded, which says a backup
     * was left behind.
     */
    @Test
    void aBackupThereThatTheListingMissedIsSkippedNotCountedShreddedAfterAShredAtTheSource() {
        BackupRestoreService source = over(sourceBlobs, keyset);
        Aggregates.create(store, "o-1", 5);
        source.backupStream("Order", "o-1", ENCRYPTED);
        source.copyTo(new BlobBackupProvider(drBlobs), ALL, CopyOptions.DEFAULT);
        source.shred("Order", "o-1");
        ForwardingBlobStore blind = new ForwardingBlobStore(drBlobs) {
            @Override
            public Stream<BlobInfo> list(String prefix) {
                return super.list(prefix).filter(b -> !b.key().endsWith(".meta"));
            }
        };

        CopyReport again = source.copyTo(new BlobBackupProvider(blind), ALL, CopyOptions.DEFAULT);

        assertThat(again.failures()).isEmpty();
        assertThat(again.shredsCarried()).isEqualTo(1);
        assertThat(again.skipped()).as("the backup is at the destination").isEqualTo(1);
        assertThat(again.shredded()).isZero();
    }

    @Test
    void aBackupShreddedBeforeItsFirstCopyIsNotCopied() {
        BackupRestoreService source = over(sourceBlobs, keyset);
        Aggregates.create(store, "o-1", 5);
        Aggregates.create(store, "o-2", 5);
        source.backupStream("Order", "o-1", ENCRYPTED);
        source.backupStream("Order", "o-2", ENCRYPTED);
        source.shred("Order", "o-1");

        CopyReport report = source.copyTo(new BlobBackupProvider(drBlobs), ALL, CopyOptions.DEFAULT);

        assertThat(report.shredded()).isEqualTo(1);
        assertThat(report.copied()).isEqualTo(1);
        assertThat(report.failed()).isZero();
        assertThat(report.isComplete()).isTrue();
        assertThat(drBlobs.readAllBytes("keys/Order/o-1.key")).isEmpty();
        assertThat(over(drBlobs, keyset).listBackups(ALL)).extracting(BackupHandle::objectId)
                .containsExactly("o-2");
    }

    @Test
    void aDestinationHoldingAnotherKeyForTheAggregateIsAConflictAndGetsNothingOfIt() {
        BackupRestoreService source = over(sourceBlobs, keyset);
        Aggregates.create(store, "o-1", 5);
        BackupHandle h = source.backupStream("Order", "o-1", ENCRYPTED);
        // The destination made its own encrypted backup of o-1 first: its own data key.
        over(drBlobs, keyset).backupStream("Order", "o-1", BackupOptions.builder().encrypt(true).build());
        byte[] theirs = drBlobs.readAllBytes("keys/Order/o-1.key").orElseThrow();

        CopyReport report = source.copyTo(new BlobBackupProvider(drBlobs), ALL, CopyOptions.DEFAULT);

        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.backupId()).isEqualTo(h.backupId());
            assertThat(f.exception()).isInstanceOf(ConflictException.class).hasMessageContaining("another data key");
        });
        assertThat(drBlobs.readAllBytes("keys/Order/o-1.key")).hasValue(theirs);
        assertThat(over(drBlobs, keyset).getBackup(h.backupId())).isEmpty();
    }

    @Test
    void aNewKeyMadeAfterAShredAtTheSourceReplacesTheShreddedOneAtTheDestinationWhateverIsSelected() {
        BackupRestoreService source = over(sourceBlobs, keyset);
        Aggregates.create(store, "o-1", 5);
        BackupHandle old = source.backupStream("Order", "o-1", ENCRYPTED);
        source.copyTo(new BlobBackupProvider(drBlobs), ALL, CopyOptions.DEFAULT);
        source.shred("Order", "o-1");
        Aggregates.append(store, "o-1", 2);
        BackupHandle renewed = source.backupStream("Order", "o-1", ENCRYPTED);
        byte[] newKey = sourceBlobs.readAllBytes("keys/Order/o-1.key").orElseThrow();
        assertThat(renewed.manifest().encryption().dataKeyId()).isNotEqualTo(old.manifest().encryption().dataKeyId());

        // A refresh of the new backup alone (as --since or --ids select it): the old one is not in the run.
        CopyReport report = source.copyTo(new BlobBackupProvider(drBlobs), List.of(renewed.backupId()),
                CopyOptions.DEFAULT);

        assertThat(report.failures()).isEmpty();
        assertThat(report.copied()).isEqualTo(1);
        assertThat(report.shredsCarried()).as("the old key, shredded at the source, shredded here too").isEqualTo(1);
        assertThat(drBlobs.readAllBytes("keys/Order/o-1.key")).hasValue(newKey);
        BackupRestoreService dr = over(drBlobs, keyset);
        assertThatThrownBy(() -> dr.restoreToNewStream(dr.requireBackup(old.backupId()), "x"))
                .isInstanceOf(ShreddedException.class);
        dr.restoreToNewStream(dr.requireBackup(renewed.backupId()), "o-1-copy");
        assertThat(Aggregates.readAll(store, "o-1-copy")).hasSize(7);
    }

    @Test
    void theNewBackupFirstAndTheOldOneAfterInOneRunEndLikeTheOtherOrder() {
        BackupRestoreService source = over(sourceBlobs, keyset);
        Aggregates.create(store, "o-1", 5);
        BackupHandle old = source.backupStream("Order", "o-1", ENCRYPTED);
        source.copyTo(new BlobBackupProvider(drBlobs), ALL, CopyOptions.DEFAULT);
        source.shred("Order", "o-1");
        BackupHandle renewed = source.backupStream("Order", "o-1", ENCRYPTED);

        CopyReport report = source.copyTo(new BlobBackupProvider(drBlobs),
                List.of(renewed.backupId(), old.backupId()), CopyOptions.builder().maxConcurrency(1).build());

        assertThat(report.failures()).isEmpty();
        assertThat(report.copied()).isEqualTo(1);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.shredsCarried()).isEqualTo(1);
        assertThat(drBlobs.readAllBytes("keys/Order/o-1.key")).hasValueSatisfying(k ->
                assertThat(k).isEqualTo(sourceBlobs.readAllBytes("keys/Order/o-1.key").orElseThrow()));
    }

    @Test
    void aDestinationKeyNoSourceBackupWasEverEncryptedUnderIsLeftAloneEvenAfterAShredAtTheSource() {
        BackupRestoreService source = over(sourceBlobs, keyset);
        Aggregates.create(store, "o-1", 5);
        BackupHandle old = source.backupStream("Order", "o-1", ENCRYPTED);
        source.copyTo(new BlobBackupProvider(drBlobs), ALL, CopyOptions.DEFAULT);
        byte[] copiedKey = drBlobs.readAllBytes("keys/Order/o-1.key").orElseThrow();
        source.shred("Order", "o-1");
        // The shredded backup is deleted at the source: nothing there says the destination's key is the one it
        // shredded, so the copy leaves it and says how to carry the shred by hand.
        source.deleteBackup(old.backupId());
        BackupHandle renewed = source.backupStream("Order", "o-1", ENCRYPTED);

        CopyReport report = source.copyTo(new BlobBackupProvider(drBlobs), ALL, CopyOptions.DEFAULT);

        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.backupId()).isEqualTo(renewed.backupId());
            assertThat(f.exception()).isInstanceOf(ConflictException.class).hasMessageContaining("another data key")
                    .hasMessageContaining("shred");
        });
        assertThat(report.shredsCarried()).isZero();
        assertThat(drBlobs.readAllBytes("keys/Order/o-1.key")).hasValue(copiedKey);
    }

    @Test
    void aDestinationKeyWithTheSourceKeysIdButOtherBytesIsAConflictNeverShredded() {
        BackupRestoreService source = over(sourceBlobs, keyset);
        Aggregates.create(store, "o-1", 5);
        source.backupStream("Order", "o-1", ENCRYPTED);
        source.shred("Order", "o-1");
        BackupHandle renewed = source.backupStream("Order", "o-1", ENCRYPTED);
        // Another key object under the id of the source's key: damaged, or not made by this source.
        String current = new String(sourceBlobs.readAllBytes("keys/Order/o-1.key").orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8);
        byte[] other = current.replace("\"keyset\":\"", "\"keyset\":\"AAAA")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new String(other, java.nio.charset.StandardCharsets.UTF_8)).isNotEqualTo(current);
        drBlobs.write("keys/Order/o-1.key", io.esbackup.blob.WriteCondition.createOnly(), other);

        CopyReport report = source.copyTo(new BlobBackupProvider(drBlobs), List.of(renewed.backupId()),
                CopyOptions.DEFAULT);

        assertThat(report.failures()).singleElement().satisfies(f ->
                assertThat(f.exception()).isInstanceOf(ConflictException.class).hasMessageContaining("another data key"));
        assertThat(report.shredsCarried()).isZero();
        assertThat(drBlobs.readAllBytes("keys/Order/o-1.key")).hasValue(other);
    }
}
