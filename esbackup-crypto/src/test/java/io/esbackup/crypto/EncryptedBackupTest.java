package io.esbackup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.backup.BulkBackupResult;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.backup.ValidationReport;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.error.DecryptionFailedException;
import io.esbackup.error.KeysetRequiredException;
import io.esbackup.error.ShreddedException;
import io.esbackup.model.Event;
import io.esbackup.store.InMemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Encrypted backups end to end on in-memory stores with real Tink keys: round trips, tampering, keys, shred. */
class EncryptedBackupTest {
    static final BackupOptions ENCRYPTED = BackupOptions.builder().encrypt(true).build();

    final InMemoryEventStore store = new InMemoryEventStore();
    final InMemoryBlobStore backups = new InMemoryBlobStore();
    final KeysetHandle keyset = Keysets.parse(Keysets.newKeysetJson(), "test keyset");
    final TickingClock clock = new TickingClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));

    BackupRestoreService service(KeysetHandle k) {
        var b = BackupRestoreService.builder(store, new BlobBackupProvider(backups)).clock(clock);
        return (k == null ? b : b.encryption(new TinkEncryption(k))).build();
    }

    /** Every object of the backups' store, as text, joined. */
    String storeText() {
        try (var keys = backups.list("")) {
            return keys.map(i -> new String(backups.readAllBytes(i.key()).orElseThrow(), StandardCharsets.ISO_8859_1))
                    .collect(Collectors.joining("\n"));
        }
    }

    BackupManifest manifest(BackupHandle h) {
        return ManifestCodec.fromBytes(backups.readAllBytes(metaKey(h)).orElseThrow());
    }

    static String metaKey(BackupHandle h) {
        return "backups/Order/" + h.objectId() + "/" + h.backupId() + ".meta";
    }

    static String archiveKey(BackupHandle h) {
        return "backups/Order/" + h.objectId() + "/" + h.backupId() + ".json";
    }

    @Test
    void anEncryptedBackupRestoresAndItsStoreHoldsNoPlaintext() {
        Aggregates.create(store, "o-1", 20);
        BackupRestoreService service = service(keyset);
        BackupHandle h = service.backupStream("Order", "o-1", ENCRYPTED);
        assertThat(storeText()).doesNotContain(Aggregates.SECRET).doesNotContain("OrderLine");
        BackupManifest m = manifest(h);
        assertThat(m.formatVersion()).isEqualTo(ArchiveFormat.ENCRYPTED_VERSION);
        assertThat(m.encryption().algorithm()).isEqualTo("AES256_GCM_HKDF_1MB");
        assertThat(m.encryption().dataKey()).isEqualTo("keys/Order/o-1.key");
        assertThat(m.encryption().kekKeyId()).isEqualTo(Integer.toUnsignedString(keyset.getPrimary().getId()));

        List<Event> before = Aggregates.readAll(store, "o-1");
        service.restoreToNewStream(h, "o-2");
        assertThat(Aggregates.readAll(store, "o-2")).extracting(Event::payload)
                .containsExactlyElementsOf(before.stream().map(Event::payload).toList());
        assertThat(service.validateBackup(h).problems()).isEmpty();
        assertThat(service.validateBackup(h).contentChecked()).isTrue();
    }

    @Test
    void anIncrementalChainIsEncryptedLinkByLinkAndRestoresWhole() {
        Aggregates.create(store, "o-1", 10);
        BackupRestoreService service = service(keyset);
        BackupOptions incremental = ENCRYPTED.toBuilder().incremental(true).build();
        BackupHandle root = service.backupStream("Order", "o-1", incremental);
        Aggregates.append(store, "o-1", 5);
        BackupHandle delta = service.backupStream("Order", "o-1", incremental);
        assertThat(delta.parentBackupId()).isEqualTo(root.backupId().toString());
        BackupManifest m = manifest(delta);
        assertThat(m.formatVersion()).isEqualTo(ArchiveFormat.ENCRYPTED_VERSION);
        assertThat(m.isDelta()).isTrue();
        assertThat(storeText()).doesNotContain(Aggregates.SECRET);

        service.restoreToNewStream(delta, "copy");
        assertThat(Aggregates.readAll(store, "copy")).hasSize(15);
        assertThat(service.validateBackup(delta).problems()).isEmpty();

        // Without the keyset every link's stored bytes are checked: a flipped bit in the root is found.
        ValidationReport keyless = service(null).validateBackup(delta);
        assertThat(keyless.problems()).isEmpty();
        assertThat(keyless.contentChecked()).isFalse();
        byte[] rootArchive = backups.readAllBytes(archiveKey(root)).orElseThrow();
        rootArchive[3] ^= 0x40;
        backups.write(archiveKey(root), WriteCondition.overwrite(), rootArchive);
        assertThat(String.join(" ", service(null).validateBackup(delta).problems()))
                .contains("backup " + root.backupId() + ": SHA-256 of the stored bytes");
        assertThat(service.validateBackup(delta).valid()).isFalse();
    }

    @Test
    void anEncryptedChainRestoresToAPointInsideEitherLink() {
        Aggregates.create(store, "o-1", 10);
        BackupRestoreService service = service(keyset);
        BackupOptions incremental = ENCRYPTED.toBuilder().incremental(true).build();
        service.backupStream("Order", "o-1", incremental);
        Aggregates.append(store, "o-1", 5);
        BackupHandle delta = service.backupStream("Order", "o-1", incremental);
        List<Event> all = Aggregates.readAll(store, "o-1");

        service.restoreToNewStream(delta, "in-root", RestoreOptions.builder().toVersion(3).build());
        service.restoreToNewStream(delta, "in-delta", RestoreOptions.builder().toVersion(12).build());

        assertThat(Aggregates.readAll(store, "in-root")).extracting(Event::payload)
                .containsExactlyElementsOf(all.subList(0, 4).stream().map(Event::payload).toList());
        assertThat(Aggregates.readAll(store, "in-delta")).extracting(Event::payload)
                .containsExactlyElementsOf(all.subList(0, 13).stream().map(Event::payload).toList());
        assertThatThrownBy(() -> service(null).restoreToNewStream(delta, "keyless",
                RestoreOptions.builder().toVersion(3).build())).isInstanceOf(KeysetRequiredException.class);
    }

    @Test
    void anIncrementalChainIsEncryptedAsAWholeAndStartsAgainAfterAShred() {
        Aggregates.create(store, "o-1", 6);
        BackupRestoreService service = service(keyset);
        BackupOptions incremental = ENCRYPTED.toBuilder().incremental(true).build();
        service.backupStream("Order", "o-1", BackupOptions.builder().incremental(true).build());
        // An encrypted run does not take a plain parent as unchanged, nor continue it.
        BackupHandle root = service.backupStream("Order", "o-1", incremental);
        assertThat(root.unchanged()).isFalse();
        assertThat(root.parentBackupId()).isNull();
        assertThat(manifest(root).encrypted()).isTrue();
        assertThat(service.backupStream("Order", "o-1", incremental).unchanged()).isTrue();
        // Nor does a plain run continue an encrypted parent.
        Aggregates.append(store, "o-1", 2);
        BackupHandle plainAgain = service.backupStream("Order", "o-1", BackupOptions.builder().incremental(true)
                .build());
        assertThat(plainAgain.parentBackupId()).isNull();
        assertThat(manifest(plainAgain).encrypted()).isFalse();
        BackupHandle encryptedAgain = service.backupStream("Order", "o-1", incremental);
        assertThat(encryptedAgain.parentBackupId()).isNull();
        Aggregates.append(store, "o-1", 1);
        BackupHandle delta = service.backupStream("Order", "o-1", incremental);
        assertThat(delta.parentBackupId()).isEqualTo(encryptedAgain.backupId().toString());

        // After a shred, the aggregate is backed up in full under a new key, not continued.
        service.shred("Order", "o-1");
        BackupHandle after = service.backupStream("Order", "o-1", incremental);
        assertThat(after.unchanged()).isFalse();
        assertThat(after.parentBackupId()).isNull();
        service.restoreToNewStream(after, "copy");
        assertThat(Aggregates.readAll(store, "copy")).hasSize(9);
        assertThat(manifest(after).encryption().dataKeyId()).isNotEqualTo(manifest(delta).encryption().dataKeyId());
    }

    @Test
    void aPackedRunEncryptsEachEntryUnderItsAggregatesKey() {
        for (int i = 0; i < 5; i++) {
            Aggregates.create(store, "p-" + i, 3 + i);
        }
        BackupRestoreService service = service(keyset);
        BulkBackupResult r = service.backupMany(List.of("p-0", "p-1", "p-2", "p-3", "p-4"), "Order",
                BulkBackupOptions.builder().pack(true).encrypt(true).build());
        assertThat(r.successCount()).isEqualTo(5);
        assertThat(storeText()).doesNotContain(Aggregates.SECRET);
        try (var keys = backups.list("keys/")) {
            assertThat(keys.map(BlobInfo::key)).hasSize(5);
        }
        for (BackupHandle h : r.successfulBackups()) {
            service.restoreToNewStream(h, h.objectId() + "-copy");
            assertThat(Aggregates.readAll(store, h.objectId() + "-copy")).hasSize((int) h.eventCount());
        }
        service.shred("Order", "p-2");
        for (BackupHandle h : r.successfulBackups()) {
            ValidationReport v = service.validateBackup(h);
            if (h.objectId().equals("p-2")) {
                assertThat(String.join(" ", v.problems())).contains("shredded");
            } else {
                assertThat(v.problems()).isEmpty();
            }
        }
    }

    @Test
    void withoutTheKeysetValidateChecksIntegrityOnlyAndRestoreAsksForTheKeyset() {
        Aggregates.create(store, "o-1", 10);
        BackupHandle h = service(keyset).backupStream("Order", "o-1", ENCRYPTED);
        BackupRestoreService keyless = service(null);
        ValidationReport v = keyless.validateBackup(h);
        assertThat(v.problems()).isEmpty();
        assertThat(v.contentChecked()).isFalse();
        assertThatThrownBy(() -> keyless.restoreToNewStream(h, "o-2"))
                .isInstanceOf(KeysetRequiredException.class).hasMessageContaining("ESBACKUP_KEYSET");
        assertThatThrownBy(() -> keyless.backupStream("Order", "o-1", ENCRYPTED))
                .isInstanceOf(KeysetRequiredException.class).hasMessageContaining("--keyset");
    }

    @Test
    void aFlippedBitFailsTheChecksumAndWithAMatchingChecksumFailsAuthentication() throws Exception {
        Aggregates.create(store, "o-1", 50);
        BackupRestoreService service = service(keyset);
        BackupHandle h = service.backupStream("Order", "o-1", ENCRYPTED);
        byte[] archive = backups.readAllBytes(archiveKey(h)).orElseThrow();
        archive[archive.length / 2] ^= 0x01;
        backups.write(archiveKey(h), WriteCondition.overwrite(), archive);

        ValidationReport keyless = service(null).validateBackup(h);
        assertThat(String.join(" ", keyless.problems())).contains("SHA-256 of the stored bytes");

        // An attacker who also rewrites the manifest's checksum: the ciphertext still does not authenticate.
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
        String meta = new String(backups.readAllBytes(metaKey(h)).orElseThrow(), StandardCharsets.UTF_8)
                .replace(manifest(h).sha256(), sha);
        backups.write(metaKey(h), WriteCondition.overwrite(), meta.getBytes(StandardCharsets.UTF_8));
        assertThat(service(null).validateBackup(h).problems()).isEmpty();
        ValidationReport full = service.validateBackup(h);
        assertThat(String.join(" ", full.problems())).contains("does not authenticate");
        assertThatThrownBy(() -> service.restoreToNewStream(h, "o-2"))
                .isInstanceOf(BackupCorruptedException.class).hasMessageContaining("does not authenticate");
        assertThat(store.readDocument("Order", "o-2")).isEmpty();
    }

    @Test
    void anArchiveMovedUnderAnotherBackupsManifestDoesNotDecrypt() {
        Aggregates.create(store, "o-1", 5);
        BackupRestoreService service = service(keyset);
        BackupHandle a = service.backupStream("Order", "o-1", ENCRYPTED);
        Aggregates.append(store, "o-1", 1);
        BackupHandle b = service.backupStream("Order", "o-1", ENCRYPTED);
        byte[] archiveA = backups.readAllBytes(archiveKey(a)).orElseThrow();
        backups.write(archiveKey(b), WriteCondition.overwrite(), archiveA);
        String meta = new String(backups.readAllBytes(metaKey(b)).orElseThrow(), StandardCharsets.UTF_8)
                .replace(manifest(b).sha256(), manifest(a).sha256())
                .replace("\"storedSize\":" + manifest(b).storedSize(), "\"storedSize\":" + archiveA.length);
        backups.write(metaKey(b), WriteCondition.overwrite(), meta.getBytes(StandardCharsets.UTF_8));
        assertThat(String.join(" ", service.validateBackup(b).problems())).contains("does not authenticate");
    }

    @Test
    void anotherKeysetCannotUnwrapTheDataKey() {
        Aggregates.create(store, "o-1", 5);
        BackupHandle h = service(keyset).backupStream("Order", "o-1", ENCRYPTED);
        KeysetHandle other = Keysets.parse(Keysets.newKeysetJson(), "other keyset");
        assertThatThrownBy(() -> service(other).restoreToNewStream(h, "o-2"))
                .isInstanceOf(DecryptionFailedException.class).hasMessageContaining("does not decrypt");
        assertThat(String.join(" ", service(other).validateBackup(h).problems())).contains("does not decrypt");
    }

    @Test
    void shreddingOneAggregateLeavesTheOthersReadable() {
        Aggregates.create(store, "o-1", 5);
        Aggregates.create(store, "o-2", 5);
        BackupRestoreService service = service(keyset);
        BackupHandle one = service.backupStream("Order", "o-1", ENCRYPTED);
        BackupHandle two = service.backupStream("Order", "o-2", ENCRYPTED);
        assertThat(service.shred("Order", "o-1")).isTrue();
        assertThat(backups.readAllBytes("keys/Order/o-1.key")).isEmpty();

        assertThatThrownBy(() -> service.restoreToNewStream(one, "x")).isInstanceOf(ShreddedException.class)
                .hasMessageContaining("shredded");
        assertThat(String.join(" ", service.validateBackup(one).problems())).contains("shredded");
        service.restoreToNewStream(two, "y");
        assertThat(Aggregates.readAll(store, "y")).hasSize(5);
        assertThat(service.shred("Order", "o-1")).isFalse();

        // A new backup after the shred gets a new data key; the old backups stay shredded.
        BackupHandle after = service.backupStream("Order", "o-1", ENCRYPTED);
        assertThat(manifest(after).encryption().dataKeyId()).isNotEqualTo(manifest(one).encryption().dataKeyId());
        service.restoreToNewStream(after, "z");
        assertThat(Aggregates.readAll(store, "z")).hasSize(5);
        assertThatThrownBy(() -> service.restoreToNewStream(one, "x2")).isInstanceOf(ShreddedException.class);
    }

    @Test
    void aShredInterruptedAfterItsTombstoneIsNotDoneUntilRunAgain() {
        Aggregates.create(store, "o-1", 5);
        BackupRestoreService service = service(keyset);
        BackupHandle h = service.backupStream("Order", "o-1", ENCRYPTED);
        // What a shred killed between its two writes leaves: the tombstone, and the key not yet deleted.
        backups.write("keys/Order/o-1.shredded", WriteCondition.createOnly(),
                "{\"shreddedAt\":\"2026-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(backups.readAllBytes("keys/Order/o-1.key")).isPresent();
        // The key is still there and still decrypts: the shred is not done until it is run again.
        assertThat(service.validateBackup(h).problems()).isEmpty();
        assertThat(service.shred("Order", "o-1")).isTrue();
        assertThat(String.join(" ", service.validateBackup(h).problems())).contains("shredded");
    }
}
