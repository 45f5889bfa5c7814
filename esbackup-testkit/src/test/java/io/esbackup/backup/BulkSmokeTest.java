package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.store.InMemoryEventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BulkSmokeTest {
    @Test
    void backupAllThenRestoreManyById() {
        InMemoryEventStore store = new InMemoryEventStore();
        for (int i = 0; i < 20; i++) {
            Streams.create(store, "Order", "o-" + i, 3 + i, null);
        }
        BackupRestoreService service = new BackupRestoreService(store, new BlobBackupProvider(new InMemoryBlobStore()));
        List<BulkBackupProgress> progress = new ArrayList<>();
        BulkBackupResult backups = service.backupAll("Order",
                BulkBackupOptions.builder().maxConcurrency(3).onProgress(progress::add).build());
        assertThat(backups.successCount()).isEqualTo(20);
        assertThat(backups.isFullySuccessful()).isTrue();
        assertThat(progress).extracting(BulkBackupProgress::processedStreams).isSorted().endsWith(20L);

        List<UUID> ids = new ArrayList<>(backups.successfulBackups().stream().map(BackupHandle::backupId).toList());
        ids.add(UUID.randomUUID());
        BulkRestoreResult restores = service.restoreManyById(ids, BulkRestoreOptions.builder().overwrite(true).build());
        assertThat(restores.successCount()).isEqualTo(20);
        assertThat(restores.failureCount()).isEqualTo(1);
        assertThat(restores.isPartialSuccess()).isTrue();
    }

    @Test
    void anInputThatBreaksStopsTheRunWithWhatWasDone() {
        InMemoryEventStore store = new InMemoryEventStore();
        for (int i = 0; i < 5; i++) {
            Streams.create(store, "Order", "o-" + i, 2, null);
        }
        BackupRestoreService service = new BackupRestoreService(store, new BlobBackupProvider(new InMemoryBlobStore()));
        java.io.UncheckedIOException broken = new java.io.UncheckedIOException(new java.io.IOException("disk gone"));
        Iterable<String> ids = () -> new java.util.Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                if (n == 5) {
                    throw broken;
                }
                return true;
            }

            @Override
            public String next() {
                return "o-" + n++;
            }
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.backupMany(ids, "Order",
                        BulkBackupOptions.builder().maxConcurrency(2).build()))
                .isInstanceOf(BulkBackupException.class)
                .hasMessageContaining("reading its input failed")
                .hasCause(broken)
                .satisfies(e -> assertThat(((BulkBackupException) e).partialResult().successCount()).isEqualTo(5));
    }
}
