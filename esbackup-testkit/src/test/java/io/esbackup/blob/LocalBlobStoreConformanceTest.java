package io.esbackup.blob;

import io.esbackup.testkit.BlobStoreConformance;
import io.esbackup.testkit.BlobStoreFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreConformanceTest extends BlobStoreConformance {
    @TempDir
    Path root;

    @Override
    protected BlobStoreFixture fixture() {
        return () -> new LocalBlobStore(root);
    }
}
