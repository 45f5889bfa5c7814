package io.esbackup.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.crypto.tink.KeysetHandle;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.ValidationReport;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.error.ShreddedException;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Encrypted backups and shreds killed at every write and delete: from the k-th on, every write and delete fails,
 * as for a process that is gone. What is left must be one a later run explains and goes on from.
 */
class KilledEncryptionTest {
    static final BackupOptions ENCRYPTED = BackupOptions.builder().encrypt(true).build();
    /** The in-memory store stamps blobs with the system clock, which clean-up's grace period is measured against. */
    static final Instant T0 = Clock.systemUTC().instant();

    final KeysetHandle keyset = Keysets.parse(Keysets.newKeysetJson(), "keyset");

    static void kill(FaultyBlobStore blobs, int k) {
        int w = blobs.calls(BlobOp.WRITE);
        int d = blobs.calls(BlobOp.DELETE);
        blobs.failOnCall(BlobOp.WRITE, IntStream.range(w + k, w + k + 1000).toArray());
        blobs.failOnCall(BlobOp.DELETE, IntStream.range(d + 1, d + 1000).toArray());
    }

    BackupRestoreService service(InMemoryEventStore store, io.esbackup.blob.BlobStore blobs, Instant now) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(blobs))
                .clock(Clock.fixed(now, ZoneOffset.UTC)).encryption(new TinkEncryption(keyset)).build();
    }

    static List<String> keys(InMemoryBlobStore blobs) {
        try (Stream<BlobInfo> s = blobs.list("keys/")) {
            return s.map(BlobInfo::key).sorted().toList();
        }
    }

    @Test
    void aFirstEncryptedBackupKilledAtEveryWriteLeavesAStateTheNextRunGoesOnFrom() {
        for (int k = 1; k <= 4; k++) {
            InMemoryEventStore store = new InMemoryEventStore();
            InMemoryBlobStore blobs = new InMemoryBlobStore();
            Aggregates.create(store, "o-1", 12);
            FaultyBlobStore faulty = new FaultyBlobStore(blobs);
            kill(faulty, k);
            Throwable failure = catchThrowable(() -> service(store, faulty, T0).backupStream("Order", "o-1",
                    ENCRYPTED));
            assertThat(failure).as("killed at write %d", k).isNotNull();
            assertThat(faulty.injected(failure)).as("killed at write %d: %s", k, failure).isTrue();

            // Restarted: no backup is listed, or only whole ones; validation finds nothing wrong (an orphan key
            // is not a backup); clean-up after the grace period sweeps the unfinished backup and keeps the key.
            BackupRestoreService later = service(store, blobs, T0.plus(Duration.ofHours(2)));
            assertThat(later.listBackups()).as("killed at write %d", k).isEmpty();
            try (Stream<ValidationReport> all = later.validateAll()) {
                assertThat(all.filter(r -> !r.valid()).toList()).as("killed at write %d", k).isEmpty();
            }
            List<String> keysBefore = keys(blobs);
            assertThat(keysBefore).as("the key is the first write").hasSize(k == 1 ? 0 : 1);
            later.cleanupExpiredBackups();
            assertThat(keys(blobs)).isEqualTo(keysBefore);
            try (Stream<BlobInfo> left = blobs.list("")) {
                assertThat(left.map(BlobInfo::key).filter(key -> !key.startsWith("keys/")).toList())
                        .as("killed at write %d", k).isEmpty();
            }

            BackupHandle next = later.backupStream("Order", "o-1", ENCRYPTED);
            assertThat(keys(blobs)).hasSize(1);
            later.restoreToNewStream(next, "copy");
            assertThat(Aggregates.readAll(store, "copy")).hasSize(12);
        }
    }

    @Test
    void aShredKilledAtEveryStepIsCompletedByRunningItAgain() {
        for (int k = 1; k <= 2; k++) {
            InMemoryEventStore store = new InMemoryEventStore();
            InMemoryBlobStore blobs = new InMemoryBlobStore();
            Aggregates.create(store, "o-1", 4);
            Aggregates.create(store, "o-2", 4);
            BackupRestoreService service = service(store, blobs, T0);
            BackupHandle one = service.backupStream("Order", "o-1", ENCRYPTED);
            BackupHandle two = service.backupStream("Order", "o-2", ENCRYPTED);
            FaultyBlobStore faulty = new FaultyBlobStore(blobs);
            // k = 1: killed at the tombstone's write; k = 2: at the key's delete (writes all fail from 2 on).
            kill(faulty, k);
            BackupRestoreService dying = service(store, faulty, T0);
            Throwable failure = catchThrowable(() -> dying.shred("Order", "o-1"));
            assertThat(faulty.injected(failure)).as("killed at step %d: %s", k, failure).isTrue();
            assertThat(blobs.readAllBytes("keys/Order/o-1.shredded").isPresent()).isEqualTo(k == 2);
            // Not shredded yet: the key is there, the command failed, and running it again completes it.
            assertThat(blobs.readAllBytes("keys/Order/o-1.key")).isPresent();

            assertThat(service.shred("Order", "o-1")).isTrue();
            assertThat(catchThrowable(() -> service.restoreToNewStream(one, "x")))
                    .isInstanceOf(ShreddedException.class);
            service.restoreToNewStream(two, "y");
            assertThat(Aggregates.readAll(store, "y")).hasSize(4);
        }
    }
}
