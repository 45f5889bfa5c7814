package io.esbackup.backup;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.testkit.BlobStoreFixture;
import io.esbackup.testkit.JobLocksConformance;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The job lock suite on leases kept in memory and in a local folder. */
class BlobJobLocksConformanceTest {

    @Nested
    class InMemory extends JobLocksConformance {
        @Override
        protected BlobStoreFixture fixture() {
            return InMemoryBlobStore::new;
        }
    }

    @Nested
    class OverALocalFolder extends JobLocksConformance {
        @TempDir
        Path root;

        @Override
        protected BlobStoreFixture fixture() {
            return () -> new LocalBlobStore(root);
        }
    }
}
