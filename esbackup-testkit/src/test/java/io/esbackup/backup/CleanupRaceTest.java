package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.store.InMemoryEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clean-up next to backups that are still running, and backups whose bookkeeping is damaged. */
class CleanupRaceTest {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    InMemoryEventStore store = new InMemoryEventStore();
    InMemoryBlobStore blobs = new InMemoryBlobStore(clock);
    BackupRestoreService service = BackupRestoreService.builder(store, new BlobBackupProvider(blobs))
            .clock(clock).build();

    @BeforeEach
    void aggregate() {
        Streams.create(store, "Order", "o-1", 2500, null);
    }

    @Test
    void aCleanUpDuringABackupThatRunsPastTheGracePeriodLeavesItWhole() {
        CleanupReport[] during = new CleanupReport[1];
        BackupHandle handle = service.backupStream("Order", "o-1", BackupOptions.DEFAULT, p -> {
            if (p.eventsBackedUp() == 1000) {
                // The backup has taken longer than the grace period; its id reservation looks stale.
                clock.advance(Duration.ofHours(2));
                during[0] = service.cleanupExpiredBackups();
            }
        });

        assertThat(during[0].unfinished()).hasSize(1);
        assertThat(service.getBackup(handle.backupId())).isPresent();
        assertThat(service.validateBackup(handle).problems()).isEmpty();
        assertThat(service.listBackups()).extracting(BackupHandle::backupId).containsExactly(handle.backupId());
    }

    @Test
    void aLocationTheStoreCannotHoldIsRefusedBeforeAnythingIsWritten() {
        String segment = "x".repeat(200);
        BackupOptions tooDeep = BackupOptions.builder()
                .location(String.join("/", segment, segment, segment, segment, segment)).build();

        assertThatThrownBy(() -> service.backupStream("Order", "o-1", tooDeep))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
        try (Stream<BlobInfo> left = blobs.list("")) {
            assertThat(left).isEmpty();
        }
        clock.advance(Duration.ofDays(1));
        assertThat(service.cleanupExpiredBackups().deletedCount()).isZero();
    }

    @Test
    void aDamagedIdPointerMakesTheBackupCorruptAndValidateSaysWhy() {
        BackupHandle handle = service.backupStream("Order", "o-1");
        blobs.write("backup-index/" + handle.backupId(), WriteCondition.overwrite(), "{\"objectNa".getBytes());

        assertThatThrownBy(() -> service.getBackup(handle.backupId()))
                .isInstanceOf(BackupCorruptedException.class).hasMessageContaining("id pointer");
        assertThat(service.validateBackup(handle).problems()).singleElement().asString().contains("id pointer");
        assertThatThrownBy(() -> service.restoreToNewStream(handle, "o-2"))
                .isInstanceOf(BackupCorruptedException.class);
        assertThat(store.readDocument("Order", "o-2")).isEmpty();
    }
}
