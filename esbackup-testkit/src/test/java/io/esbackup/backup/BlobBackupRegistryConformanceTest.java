package io.esbackup.backup;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.testkit.BackupRegistryConformance;
import io.esbackup.testkit.BackupRegistryFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The registry suite on {@link BlobBackupRegistry}, in memory and in a local folder. */
class BlobBackupRegistryConformanceTest {

    @Nested
    class InMemory extends BackupRegistryConformance {
        @Override
        protected BackupRegistryFixture fixture() {
            return () -> new BlobBackupRegistry(new InMemoryBlobStore());
        }
    }

    @Nested
    class InAFolder extends BackupRegistryConformance {
        @TempDir
        Path dir;

        @Override
        protected BackupRegistryFixture fixture() {
            return () -> new BlobBackupRegistry(new LocalBlobStore(dir), "shared/registry/");
        }
    }
}
