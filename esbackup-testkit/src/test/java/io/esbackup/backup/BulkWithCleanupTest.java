package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.FileEventStore;
import io.esbackup.testkit.Reliability;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk backup and clean-ups running at the same time over one backup folder: the clean-ups remove the
 * expired backups and nothing else, and every backup the bulk run made is listed and valid.
 */
class BulkWithCleanupTest {
    @TempDir
    Path dir;

    @Test
    void cleanUpsDuringABulkBackupLoseNothingThatShouldStay() throws Exception {
        FileEventStore store = new FileEventStore(dir.resolve("store"));
        int streams = 150;
        for (int i = 0; i < streams; i++) {
            Streams.create(store, "Order", "o-" + i, 3, null);
        }
        LocalBlobStore blobs = new LocalBlobStore(dir.resolve("backups"));
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofDays(3)));
        BackupRestoreService old = BackupRestoreService.builder(store, new BlobBackupProvider(blobs)).clock(clock)
                .build();
        Set<UUID> expired = old.backupMany(List.of("o-0", "o-1", "o-2", "o-3", "o-4"), "Order",
                        BulkBackupOptions.builder().retention(Duration.ofDays(1)).build())
                .successfulBackups().stream().map(BackupHandle::backupId).collect(Collectors.toSet());
        BackupRestoreService service = new BackupRestoreService(store, new BlobBackupProvider(blobs));

        for (int round = 0; round < Reliability.trials(2); round++) {
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger cleanups = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread cleaner = new Thread(() -> {
                try {
                    while (!done.get()) {
                        service.cleanupExpiredBackups();
                        cleanups.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            cleaner.start();
            BulkBackupResult made;
            try {
                made = service.backupAll("Order", BulkBackupOptions.builder().maxConcurrency(4).build());
            } finally {
                done.set(true);
                cleaner.join();
            }

            assertThat(failure.get()).isNull();
            assertThat(cleanups.get()).isPositive();
            assertThat(made.isFullySuccessful()).isTrue();
            Set<UUID> listed = service.listBackups(BackupQuery.builder().includeExpired(true).build()).stream()
                    .map(BackupHandle::backupId).collect(Collectors.toSet());
            assertThat(listed).doesNotContainAnyElementsOf(expired);
            for (BackupHandle h : made.successfulBackups()) {
                assertThat(listed).contains(h.backupId());
                assertThat(service.validateBackup(h).valid()).isTrue();
            }
        }
    }
}
