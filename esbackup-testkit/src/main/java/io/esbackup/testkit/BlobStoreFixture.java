package io.esbackup.testkit;

import io.esbackup.blob.BlobStore;

/** How {@link BlobStoreConformance} gets the store under test: a new, empty one for every test. */
@FunctionalInterface
public interface BlobStoreFixture {

    /** A new store that holds no blobs. */
    BlobStore create();

    /** Releases what {@link #create()} made (a container, a bucket, a folder); runs after every test. */
    default void cleanup() throws Exception {
    }
}
