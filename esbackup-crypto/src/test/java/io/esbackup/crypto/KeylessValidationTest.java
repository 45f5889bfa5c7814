package io.esbackup.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.ValidationReport;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.store.InMemoryEventStore;
import org.junit.jupiter.api.Test;

/**
 * Validation without the keyset cannot read an encrypted backup's content, but it can see that its data key is gone:
 * a backup that can never be restored must not validate as sound.
 */
class KeylessValidationTest {
    static final BackupOptions ENCRYPTED = BackupOptions.builder().encrypt(true).build();

    final InMemoryEventStore store = new InMemoryEventStore();
    final InMemoryBlobStore backups = new InMemoryBlobStore();
    final KeysetHandle keyset = Keysets.parse(Keysets.newKeysetJson(), "test keyset");

    BackupRestoreService service(boolean withKeyset) {
        var b = BackupRestoreService.builder(store, new BlobBackupProvider(backups));
        return (withKeyset ? b.encryption(new TinkEncryption(keyset)) : b).build();
    }

    @Test
    void aShreddedAggregatesBackupsAreReportedShreddedWithoutTheKeyset() {
        Aggregates.create(store, "o-1", 5);
        BackupHandle old = service(true).backupStream("Order", "o-1", ENCRYPTED);
        assertThat(service(false).shred("Order", "o-1")).isTrue();
        BackupHandle after = service(true).backupStream("Order", "o-1", ENCRYPTED); // a new data key

        ValidationReport r = service(false).validateBackup(old);
        assertThat(r.contentChecked()).isFalse();
        assertThat(String.join(" ", r.problems())).contains("shredded");
        assertThat(service(false).validateBackup(after).problems()).isEmpty();
    }

    @Test
    void aBackupWhoseDataKeyIsLostIsReportedWithoutTheKeyset() {
        Aggregates.create(store, "o-1", 5);
        BackupHandle h = service(true).backupStream("Order", "o-1", BackupOptions.builder().encrypt(true)
                .incremental(true).build());
        Aggregates.append(store, "o-1", 3);
        BackupHandle delta = service(true).backupStream("Order", "o-1", BackupOptions.builder().encrypt(true)
                .incremental(true).build());
        assertThat(delta.parentBackupId()).isEqualTo(h.backupId().toString());
        assertThat(backups.delete("keys/Order/o-1.key")).isTrue(); // lost, not shredded: no tombstone

        assertThat(String.join(" ", service(false).validateBackup(h).problems()))
                .contains("data key keys/Order/o-1.key is missing");
        assertThat(String.join(" ", service(false).validateBackup(delta).problems()))
                .contains("data key keys/Order/o-1.key is missing");
    }
}
