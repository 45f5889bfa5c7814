package io.esbackup.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupLocation;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.CopyOptions;
import io.esbackup.backup.CopyReport;
import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.store.InMemoryEventStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * One copy run carrying a shred for an old backup while it copies a new backup of the same aggregate, under the
 * key made after the shred: the worker carrying the shred must not destroy the new key the other has just put at
 * the destination, or the new backup arrives there unreadable.
 */
class CopyShredRaceTest {
    static final BackupOptions ENCRYPTED = BackupOptions.builder().encrypt(true).build();
    static final String KEY = "keys/Order/o-1.key";

    final InMemoryEventStore store = new InMemoryEventStore();
    final InMemoryBlobStore sourceBlobs = new InMemoryBlobStore();
    final InMemoryBlobStore drBlobs = new InMemoryBlobStore();
    final KeysetHandle keyset = Keysets.parse(Keysets.newKeysetJson(), "test keyset");
    final TickingClock clock = new TickingClock(Instant.parse("2026-01-01T00:00:00Z"));

    BackupRestoreService over(BlobStore blobs) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(blobs)).clock(clock)
                .encryption(new TinkEncryption(keyset)).build();
    }

    /**
     * The destination, interleaving the two workers as badly as it can: the other worker's first read of the
     * aggregate's key waits until the worker that looked for the old backup has read it, and that worker's first
     * read returns what it read only once the other has written a key (each wait at most 3 s, for a copy that
     * does not let them overlap).
     */
    static final class HeldBack extends ForwardingBlobStore {
        final String oldManifest;
        final AtomicReference<Thread> carrier = new AtomicReference<>();
        final AtomicBoolean held = new AtomicBoolean();
        final AtomicBoolean otherWaited = new AtomicBoolean();
        final CountDownLatch keyWritten = new CountDownLatch(1);
        final CountDownLatch carrierRead = new CountDownLatch(1);

        HeldBack(BlobStore delegate, String oldManifest) {
            super(delegate);
            this.oldManifest = oldManifest;
        }

        @Override
        public Optional<Blob> read(String key) {
            if (key.equals(oldManifest)) {
                carrier.compareAndSet(null, Thread.currentThread());
            }
            try {
                if (key.equals(KEY) && carrier.get() != Thread.currentThread()
                        && otherWaited.compareAndSet(false, true)) {
                    carrierRead.await(3, TimeUnit.SECONDS);
                }
                Optional<Blob> blob = super.read(key);
                if (!key.equals(KEY) || carrier.get() != Thread.currentThread() || !held.compareAndSet(false, true)) {
                    return blob;
                }
                byte[] bytes = blob.isEmpty() ? null : blob.get().content().readAllBytes();
                carrierRead.countDown();
                keyWritten.await(3, TimeUnit.SECONDS);
                return blob.map(b -> new Blob(b.info(), new ByteArrayInputStream(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
            BlobInfo info = super.write(key, condition, writer);
            if (key.equals(KEY)) {
                keyWritten.countDown();
            }
            return info;
        }
    }

    @Test
    void theWorkerCarryingAShredNeverDestroysTheNewKeyAnotherWorkerPutThere() {
        BackupRestoreService source = over(sourceBlobs);
        Aggregates.create(store, "o-1", 5);
        BackupHandle old = source.backupStream("Order", "o-1", ENCRYPTED);
        source.copyTo(new BlobBackupProvider(drBlobs), BackupQuery.builder().build(), CopyOptions.DEFAULT);
        source.shred("Order", "o-1");
        BackupHandle renewed = source.backupStream("Order", "o-1", ENCRYPTED);
        HeldBack dr = new HeldBack(drBlobs, BlobBackupProvider.manifestKey(BackupLocation.of(old.manifest())));

        CopyReport report = source.copyTo(new BlobBackupProvider(dr), List.of(old.backupId(), renewed.backupId()),
                CopyOptions.builder().maxConcurrency(2).build());

        assertThat(dr.held).as("the worker of the old backup read the destination's key").isTrue();
        assertThat(report.failures()).isEmpty();
        assertThat(report.copied()).isEqualTo(1);
        assertThat(drBlobs.readAllBytes(KEY)).as("the new key, under which the copied backup is encrypted")
                .hasValueSatisfying(k -> assertThat(k).isEqualTo(sourceBlobs.readAllBytes(KEY).orElseThrow()));
        BackupRestoreService copy = over(drBlobs);
        copy.restoreToNewStream(copy.requireBackup(renewed.backupId()), "o-1-copy");
        assertThat(Aggregates.readAll(store, "o-1-copy")).hasSize(5);
    }
}
