package io.esbackup.testkit;

import io.esbackup.blob.InMemoryBlobStore;

/** With no faults set, the wrapper must be invisible: it passes every test its delegate passes. */
class FaultyBlobStoreConformanceTest extends BlobStoreConformance {
    @Override
    protected BlobStoreFixture fixture() {
        return () -> new FaultyBlobStore(new InMemoryBlobStore(), 1);
    }
}
