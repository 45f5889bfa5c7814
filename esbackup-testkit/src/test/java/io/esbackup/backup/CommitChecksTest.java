package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The commit checks that a clean-up has not taken the backup's unfinished parts only when one could have:
 * when the backup began at least half a grace period ago. A young backup writes its three blobs and reads
 * nothing back (two requests fewer on Azure).
 */
class CommitChecksTest {
    private static final Duration GRACE = Duration.ofHours(1);

    @Test
    void aYoungBackupCommitsWithoutCheckingAndAnOldOneChecks() {
        InMemoryEventStore store = new InMemoryEventStore();
        Streams.create(store, "order", "o-1", 3, null);
        FaultyBlobStore blobs = new FaultyBlobStore(new InMemoryBlobStore());
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        BackupRestoreService service = BackupRestoreService.builder(store, new BlobBackupProvider(blobs))
                .clock(clock).unfinishedGrace(GRACE).build();

        service.backupStream("order", "o-1");
        assertThat(blobs.calls(BlobOp.WRITE)).isEqualTo(3);
        assertThat(blobs.calls(BlobOp.STAT)).isZero();

        // Half a grace period passes while the archive is written: the commit checks both parts.
        BackupRestoreService slow = BackupRestoreService.builder(store, new BlobBackupProvider(blobs))
                .clock(clock).unfinishedGrace(GRACE).build();
        BackupHandle handle = slow.backupStream("order", "o-1", BackupOptions.DEFAULT,
                p -> clock.advance(GRACE.dividedBy(2)));
        assertThat(blobs.calls(BlobOp.WRITE)).isEqualTo(6);
        assertThat(blobs.calls(BlobOp.STAT)).isEqualTo(2);
        assertThat(slow.validateBackup(handle).valid()).isTrue();
    }
}
