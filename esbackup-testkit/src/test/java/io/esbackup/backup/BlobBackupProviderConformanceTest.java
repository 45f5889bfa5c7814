package io.esbackup.backup;

import io.esbackup.blob.AbandonedWrites;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.testkit.BackupProviderConformance;
import io.esbackup.testkit.BackupProviderFixture;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The provider suite against {@link BlobBackupProvider} over a local folder and over memory. */
class BlobBackupProviderConformanceTest {

    /** A local folder: its writes can leave temporary files, which a clean-up sweeps. */
    @Nested
    class OverALocalFolder extends BackupProviderConformance {
        @TempDir
        Path root;

        @Override
        protected BackupProviderFixture fixture() {
            return BackupProviderFixture.of(Set.of(UnfinishedBackups.class, JobLocks.class, IdPointers.class,
                    AbandonedWrites.class),
                    () -> new BlobBackupProvider(new LocalBlobStore(root)));
        }
    }

    @Nested
    class InMemory extends BackupProviderConformance {
        @Override
        protected BackupProviderFixture fixture() {
            return BackupProviderFixture.of(Set.of(UnfinishedBackups.class, JobLocks.class, IdPointers.class),
                    () -> new BlobBackupProvider(new InMemoryBlobStore()));
        }
    }
}
