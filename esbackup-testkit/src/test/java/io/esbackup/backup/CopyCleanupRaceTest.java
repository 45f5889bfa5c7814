package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.NotFoundException;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean-up of the destination while a copy writes an archive there: it may take the copied backup's id pointer
 * for a stale reservation (no archive, no manifest, older than its grace), as it does a long backup's. The copy
 * puts it back before its manifest, so the copied backup is found by id there, as a backup of its own is.
 */
class CopyCleanupRaceTest {
    @TempDir
    Path dir;

    final InMemoryEventStore store = new InMemoryEventStore();
    final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T00:00:00Z"));

    /**
     * The destination, whose clean-up (two hours on) runs as an archive write begins, as often as asked; the
     * copy's clock moves on as much.
     */
    final class CleanedWhileWriting extends ForwardingBlobStore {
        final AtomicInteger cleanups = new AtomicInteger();
        final AtomicInteger pointersTaken = new AtomicInteger();
        int times;

        CleanedWhileWriting(BlobStore delegate, int times) {
            super(delegate);
            this.times = times;
        }

        @Override
        public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
            if (key.startsWith(BlobBackupProvider.BACKUPS) && key.endsWith(".json") && !onRead && times-- > 0) {
                cleanUp();
            }
            return super.write(key, condition, writer);
        }

        /** With {@link #onRead}, the clean-up runs as an archive already there is read back instead. */
        boolean onRead;
        final AtomicInteger archivesTaken = new AtomicInteger();

        @Override
        public Optional<Blob> read(String key) {
            if (key.startsWith(BlobBackupProvider.BACKUPS) && key.endsWith(".json") && onRead && times-- > 0) {
                Optional<Blob> blob = super.read(key); // opened before the clean-up, as a read in flight
                cleanUp();
                return blob;
            }
            return super.read(key);
        }

        private void cleanUp() {
            clock.advance(Duration.ofHours(2));
            // The folder's files carry the wall clock's times: the clean-up's clock is two hours past it.
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
            CleanupReport r = BackupRestoreService.builder(store, new BlobBackupProvider(delegate(), later))
                    .clock(later).build().cleanupExpiredBackups();
            cleanups.incrementAndGet();
            pointersTaken.addAndGet((int) r.unfinished().stream()
                    .filter(u -> u.key().startsWith(BlobBackupProvider.INDEX)).count());
            archivesTaken.addAndGet((int) r.unfinished().stream()
                    .filter(u -> u.key().startsWith(BlobBackupProvider.BACKUPS)).count());
        }
    }

    BackupHandle oneBackup(BackupRestoreService source) {
        Streams.create(store, "Order", "o-1", 5, null);
        return source.backupStream("Order", "o-1");
    }

    BackupRestoreService service(Path backups) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(new LocalBlobStore(backups), clock))
                .clock(clock).build();
    }

    @Test
    void aPointerTakenByACleanUpDuringALongArchiveWriteIsPutBackBeforeTheManifest() {
        BackupRestoreService source = service(dir.resolve("source"));
        BackupHandle h = oneBackup(source);
        CleanedWhileWriting dr = new CleanedWhileWriting(new LocalBlobStore(dir.resolve("dr")), 1);

        CopyReport report = source.copyTo(new BlobBackupProvider(dr, clock), List.of(h.backupId()),
                CopyOptions.DEFAULT);

        assertThat(dr.cleanups).hasValue(1);
        assertThat(dr.pointersTaken).as("the clean-up took the pointer").hasValue(1);
        assertThat(report.copied()).isEqualTo(1);
        assertThat(service(dir.resolve("dr")).getBackup(h.backupId())).as("found by id").isPresent();
    }

    @Test
    void aResumedCopyPutsBackAnOldPointerACleanUpTookWhileItWroteTheArchive() {
        BackupRestoreService source = service(dir.resolve("source"));
        BackupHandle h = oneBackup(source);
        // A first copy killed at its archive write leaves the pointer alone.
        FaultyBlobStore dying = new FaultyBlobStore(new LocalBlobStore(dir.resolve("dr")));
        KilledRuns.kill(dying, 2);
        assertThat(source.copyTo(new BlobBackupProvider(dying), List.of(h.backupId()), CopyOptions.DEFAULT)
                .failed()).isEqualTo(1);
        assertThat(dying.calls(BlobOp.WRITE)).isEqualTo(2);
        CleanedWhileWriting dr = new CleanedWhileWriting(new LocalBlobStore(dir.resolve("dr")), 1);

        CopyReport report = source.copyTo(new BlobBackupProvider(dr, clock), List.of(h.backupId()),
                CopyOptions.DEFAULT);

        assertThat(dr.pointersTaken).as("the clean-up took the old pointer").hasValue(1);
        assertThat(report.failures()).isEmpty();
        assertThat(report.copied()).isEqualTo(1);
        assertThat(service(dir.resolve("dr")).getBackup(h.backupId())).as("found by id").isPresent();
    }

    @Test
    void anArchiveACleanUpTookWhileItWasCheckedIsNeverCommittedWithoutItAndTheNextCopyFinishes() {
        BackupRestoreService source = service(dir.resolve("source"));
        BackupHandle h = oneBackup(source);
        // A first copy killed at its manifest write leaves a pointer and the whole archive.
        FaultyBlobStore dying = new FaultyBlobStore(new LocalBlobStore(dir.resolve("dr")));
        KilledRuns.kill(dying, 3);
        assertThat(source.copyTo(new BlobBackupProvider(dying), List.of(h.backupId()), CopyOptions.DEFAULT)
                .failed()).isEqualTo(1);
        CleanedWhileWriting dr = new CleanedWhileWriting(new LocalBlobStore(dir.resolve("dr")), 1);
        dr.onRead = true;

        CopyReport resumed = source.copyTo(new BlobBackupProvider(dr, clock), List.of(h.backupId()),
                CopyOptions.DEFAULT);

        assertThat(dr.archivesTaken).as("the clean-up took the unfinished archive").hasValue(1);
        assertThat(resumed.failures()).singleElement().satisfies(f ->
                assertThat(f.exception()).isInstanceOf(NotFoundException.class).hasMessageContaining("vanished"));
        assertThat(dr.stat(BlobBackupProvider.manifestKey(BackupLocation.of(h.manifest()))))
                .as("no manifest without its archive").isEmpty();

        CopyReport again = source.copyTo(new BlobBackupProvider(new LocalBlobStore(dir.resolve("dr")), clock),
                List.of(h.backupId()), CopyOptions.DEFAULT);
        assertThat(again.copied()).isEqualTo(1);
        BackupRestoreService copy = service(dir.resolve("dr"));
        assertThat(copy.validateBackup(h.backupId()).problems()).isEmpty();
    }
}
