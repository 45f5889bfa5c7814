package io.esbackup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.ShreddedException;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.blob.Blob;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A shred that runs while a backup of the same aggregate is writing its archive under the key being destroyed. */
class ShredRaceTest {
    final InMemoryEventStore store = new InMemoryEventStore();
    final InMemoryBlobStore backups = new InMemoryBlobStore();
    final KeysetHandle keyset = Keysets.parse(Keysets.newKeysetJson(), "test keyset");

    /** Shreds Order/o-1 (through its own service) when the first archive of the aggregate is written. */
    final class ShredsOnArchiveWrite extends ForwardingBlobStore {
        final AtomicBoolean shredded = new AtomicBoolean();

        ShredsOnArchiveWrite() {
            super(backups);
        }

        @Override
        public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
            if (key.startsWith("backups/Order/o-1/") && key.endsWith(".json") && shredded.compareAndSet(false, true)) {
                assertThat(service(backups).shred("Order", "o-1")).isTrue();
            }
            return super.write(key, condition, writer);
        }
    }

    /** Shreds Order/o-1 just before the {@code n}th read of its data key. */
    final class ShredsBeforeKeyRead extends ForwardingBlobStore {
        final int n;
        final AtomicInteger reads = new AtomicInteger();
        final AtomicBoolean shredded = new AtomicBoolean();

        ShredsBeforeKeyRead(int n) {
            super(backups);
            this.n = n;
        }

        @Override
        public Optional<Blob> read(String key) {
            if (key.equals("keys/Order/o-1.key") && reads.incrementAndGet() == n) {
                assertThat(service(backups).shred("Order", "o-1")).isTrue();
                shredded.set(true);
            }
            return super.read(key);
        }
    }

    BackupRestoreService service(io.esbackup.blob.BlobStore blobs) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(blobs))
                .encryption(new TinkEncryption(keyset)).build();
    }

    @Test
    void aBackupWhoseKeyIsShreddedWhileItWritesFailsInsteadOfLeavingAnUnreadableBackup() {
        Aggregates.create(store, "o-1", 5);
        BackupOptions encrypted = BackupOptions.builder().encrypt(true).build();
        service(backups).backupStream("Order", "o-1", encrypted); // the aggregate's data key exists
        ShredsOnArchiveWrite racing = new ShredsOnArchiveWrite();
        BackupRestoreService service = service(racing);
        long before = service.listBackups().size();

        assertThatThrownBy(() -> service.backupStream("Order", "o-1", encrypted))
                .isInstanceOf(ShreddedException.class);
        assertThat(racing.shredded).isTrue();
        // Nothing was published under the destroyed key; the next backup makes a new key and is readable.
        assertThat(service.listBackups()).hasSize((int) before);
        var after = service.backupStream("Order", "o-1", encrypted);
        service.restoreToNewStream(after, "o-2");
        assertThat(Aggregates.readAll(store, "o-2")).hasSize(5);
    }

    @Test
    void aDeltaWhoseParentsKeyIsShreddedBeforeItsOwnKeyIsTakenFailsInsteadOfContinuingAnUnreadableChain() {
        Aggregates.create(store, "o-1", 5);
        BackupOptions incremental = BackupOptions.builder().encrypt(true).incremental(true).build();
        service(backups).backupStream("Order", "o-1", incremental);
        Aggregates.append(store, "o-1", 3);
        // The delta's run reads the key to choose its parent, then again to encrypt: the shred lands between.
        ShredsBeforeKeyRead racing = new ShredsBeforeKeyRead(2);
        BackupRestoreService service = service(racing);
        int before = service.listBackups().size();

        assertThatThrownBy(() -> service.backupStream("Order", "o-1", incremental))
                .isInstanceOf(ShreddedException.class);
        assertThat(racing.shredded).isTrue();
        assertThat(service.listBackups()).hasSize(before);
        var after = service.backupStream("Order", "o-1", incremental);
        assertThat(after.parentBackupId()).isNull(); // a full one under the new key
        service.restoreToNewStream(after, "o-2");
        assertThat(Aggregates.readAll(store, "o-2")).hasSize(8);
    }
}
