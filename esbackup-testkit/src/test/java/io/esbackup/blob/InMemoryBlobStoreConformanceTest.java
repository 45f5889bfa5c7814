package io.esbackup.blob;

import io.esbackup.testkit.BlobStoreConformance;
import io.esbackup.testkit.BlobStoreFixture;

class InMemoryBlobStoreConformanceTest extends BlobStoreConformance {
    @Override
    protected BlobStoreFixture fixture() {
        return InMemoryBlobStore::new;
    }
}
