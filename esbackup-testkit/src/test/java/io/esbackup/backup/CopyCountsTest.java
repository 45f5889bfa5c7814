package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.time.Duration;
import java.util.Collections;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code copyTo}'s counts when one backup is asked for more than once (an ids file with repeats): it is copied
 * once and counted copied once, the other requests skipped, whether they ran one after the other or at once.
 */
class CopyCountsTest extends FolderCopyFixture {
    @Test
    void oneBackupAskedForFourTimesAtOnceIsCopiedOnceAndSkippedThrice() {
        BackupRestoreService source = service(dir.resolve("source"));
        Streams.create(store, "Order", "o-1", 5, null);
        BackupHandle h = source.backupStream("Order", "o-1");
        // Slow writes keep the first copy in flight while the three others ask for the same backup.
        FaultyBlobStore slow = new FaultyBlobStore(new LocalBlobStore(dir.resolve("dr")))
                .delay(BlobOp.WRITE, Duration.ofMillis(300));

        CopyReport report = source.copyTo(new BlobBackupProvider(slow), Collections.nCopies(4, h.backupId()),
                CopyOptions.builder().maxConcurrency(4).build());

        assertThat(slow.calls(BlobOp.WRITE)).as("pointer, archive, manifest: once").isEqualTo(3);
        assertThat(report.failures()).isEmpty();
        assertThat(report.processed()).isEqualTo(4);
        assertThat(report.copied()).as("copied once").isEqualTo(1);
        assertThat(report.skipped()).as("the three repeats found it there").isEqualTo(3);
        assertThat(report.bytesCopied()).isEqualTo(h.sizeBytes());
    }

    @Test
    void oneBackupAskedForFourTimesOneAfterTheOtherCountsTheSame() {
        BackupRestoreService source = service(dir.resolve("source"));
        Streams.create(store, "Order", "o-1", 5, null);
        UUID id = source.backupStream("Order", "o-1").backupId();

        CopyReport report = source.copyTo(new BlobBackupProvider(new LocalBlobStore(dir.resolve("dr"))),
                Collections.nCopies(4, id), CopyOptions.builder().maxConcurrency(1).build());

        assertThat(report.copied()).isEqualTo(1);
        assertThat(report.skipped()).isEqualTo(3);
    }

    @Test
    void aDryRunAskedForOneBackupFourTimesAtOnceWouldCopyItOnce() {
        BackupRestoreService source = service(dir.resolve("source"));
        Streams.create(store, "Order", "o-1", 5, null);
        BackupHandle h = source.backupStream("Order", "o-1");
        // A dry run only reads the destination: slow reads keep the first look in flight.
        FaultyBlobStore slow = new FaultyBlobStore(new LocalBlobStore(dir.resolve("dr")))
                .delay(BlobOp.READ, Duration.ofMillis(300));

        CopyReport report = source.copyTo(new BlobBackupProvider(slow), Collections.nCopies(4, h.backupId()),
                CopyOptions.builder().maxConcurrency(4).dryRun(true).build());

        assertThat(report.copied()).isEqualTo(1);
        assertThat(report.skipped()).isEqualTo(3);
        assertThat(report.bytesCopied()).isEqualTo(h.sizeBytes());
    }
}
