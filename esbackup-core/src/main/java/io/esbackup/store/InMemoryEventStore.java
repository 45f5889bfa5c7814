package io.esbackup.store;

import io.esbackup.blob.InMemoryBlobStore;

/** An event store in memory: the reference layout over an {@link InMemoryBlobStore}. */
public final class InMemoryEventStore extends BlobEventStore {
    public InMemoryEventStore() {
        super(new InMemoryBlobStore());
    }
}
