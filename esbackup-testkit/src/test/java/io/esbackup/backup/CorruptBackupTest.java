package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.archive.Compression;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.store.FileEventStore;
import io.esbackup.testkit.Reliability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A flipped byte or a truncated archive is reported by validate and never restored. */
class CorruptBackupTest {
    @TempDir
    Path dir;
    FileEventStore store;
    BackupRestoreService service;

    @BeforeEach
    void setUp() {
        store = new FileEventStore(dir.resolve("store"));
        service = new BackupRestoreService(store, new BlobBackupProvider(new LocalBlobStore(dir.resolve("backups"))));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void flippedBytesAndTruncationAreReportedAndNeverRestored(Compression compression) throws IOException {
        Streams.create(store, "Order", "o-1", 200, null, 10);
        BackupHandle handle = service.backupStream("Order", "o-1",
                BackupOptions.FULL.toBuilder().compression(compression).build());
        Path archive = dir.resolve("backups/backups/Order/o-1/" + handle.backupId() + ".json");
        byte[] good = Files.readAllBytes(archive);
        assertThat(service.validateBackup(handle).valid()).isTrue();

        long seed = new Random().nextLong();
        Random random = new Random(seed);
        // 100 a compression on CI (300 cases), 1,000 with -Preliability (3,000); the property still overrides.
        int trials = Integer.getInteger("esbackup.corruptionTrials", Reliability.trials(100));
        for (int trial = 0; trial < trials; trial++) {
            byte[] bad = good.clone();
            String what;
            if (trial % 2 == 0) {
                int at = random.nextInt(bad.length);
                bad[at] ^= (byte) (1 << random.nextInt(8));
                what = "bit flip at " + at;
            } else {
                bad = java.util.Arrays.copyOf(bad, random.nextInt(bad.length));
                what = "truncated to " + bad.length;
            }
            Files.write(archive, bad);
            ValidationReport report = service.validateBackup(handle);
            assertThat(report.valid()).as("%s (seed %d)", what, seed).isFalse();
            assertThat(report.problems()).as(what).isNotEmpty();

            List<Path> before = BackupRestoreServiceTest.files(dir.resolve("store"));
            assertThatThrownBy(() -> service.restoreToNewStream(handle, "clone"))
                    .as("%s (seed %d)", what, seed)
                    .isInstanceOf(BackupCorruptedException.class);
            assertThat(BackupRestoreServiceTest.files(dir.resolve("store"))).as(what).isEqualTo(before);
            assertThat(store.readDocument("Order", "clone")).isEmpty();
        }
        Files.write(archive, good);
        assertThat(service.validateBackup(handle).valid()).isTrue();
    }
}
