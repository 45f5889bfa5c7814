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
import java.util.concurrent.atomic.AtomicBoolean;
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
}
