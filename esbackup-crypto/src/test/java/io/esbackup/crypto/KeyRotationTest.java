package io.esbackup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BlobDataKeys;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.error.DecryptionFailedException;
import io.esbackup.store.InMemoryEventStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Rotating the key-encryption key, and the race of two first backups of one aggregate. */
class KeyRotationTest {
    static final BackupOptions ENCRYPTED = BackupOptions.builder().encrypt(true).build();

    final InMemoryEventStore store = new InMemoryEventStore();
    final InMemoryBlobStore backups = new InMemoryBlobStore();

    BackupRestoreService service(KeysetHandle k) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(backups))
                .encryption(new TinkEncryption(k)).build();
    }

    String kekOf(BackupHandle h) {
        String meta = "backups/Order/" + h.objectId() + "/" + h.backupId() + ".meta";
        return ManifestCodec.fromBytes(backups.readAllBytes(meta).orElseThrow()).encryption().kekKeyId();
    }

    @Test
    void afterRotationNewKeysAreWrappedByTheNewPrimaryAndBothGenerationsRestore() throws Exception {
        KeysetHandle a = Keysets.parse(Keysets.newKeysetJson(), "keyset A");
        Aggregates.create(store, "old", 4);
        BackupHandle old = service(a).backupStream("Order", "old", ENCRYPTED);

        KeysetHandle rotated = KeysetHandle.newBuilder(a)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                        .withRandomId().makePrimary())
                .build();
        int b = rotated.getPrimary().getId();
        assertThat(b).isNotEqualTo(a.getPrimary().getId());
        Aggregates.create(store, "new", 6);
        BackupHandle fresh = service(rotated).backupStream("Order", "new", ENCRYPTED);
        assertThat(kekOf(old)).isEqualTo(Integer.toUnsignedString(a.getPrimary().getId()));
        assertThat(kekOf(fresh)).isEqualTo(Integer.toUnsignedString(b));

        service(rotated).restoreToNewStream(old, "old-copy");
        service(rotated).restoreToNewStream(fresh, "new-copy");
        assertThat(Aggregates.readAll(store, "old-copy")).hasSize(4);
        assertThat(Aggregates.readAll(store, "new-copy")).hasSize(6);

        // Key A retired from the keyset: what it wrapped no longer opens, what B wrapped still does.
        KeysetHandle withoutA = KeysetHandle.newBuilder(rotated).deleteAt(0).build();
        assertThat(withoutA.size()).isEqualTo(1);
        assertThatThrownBy(() -> service(withoutA).restoreToNewStream(old, "old-again"))
                .isInstanceOf(DecryptionFailedException.class);
        service(withoutA).restoreToNewStream(fresh, "new-again");
        assertThat(Aggregates.readAll(store, "new-again")).hasSize(6);
    }

    @Test
    void twoFirstBackupsAtOnceShareOneDataKey() throws Exception {
        KeysetHandle k = Keysets.parse(Keysets.newKeysetJson(), "keyset");
        Aggregates.create(store, "o-1", 8);
        int racers = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<BackupHandle>> made = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                BackupRestoreService service = service(k);
                made.add(pool.submit(() -> {
                    start.await();
                    return service.backupStream("Order", "o-1", ENCRYPTED);
                }));
            }
            start.countDown();
            List<BackupHandle> handles = new ArrayList<>();
            for (Future<BackupHandle> f : made) {
                handles.add(f.get());
            }
            byte[] key = new BlobDataKeys(backups, Clock.systemUTC()).read("Order", "o-1").orElseThrow();
            String keyId = WrappedDataKey.parse(key).dataKeyId() + "";
            for (BackupHandle h : handles) {
                String meta = "backups/Order/o-1/" + h.backupId() + ".meta";
                assertThat(ManifestCodec.fromBytes(backups.readAllBytes(meta).orElseThrow()).encryption()
                        .dataKeyId()).isEqualTo(Integer.toUnsignedString(Integer.parseInt(keyId)));
                assertThat(service(k).validateBackup(h).problems()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
