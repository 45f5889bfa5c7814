package io.esbackup.store;

import io.esbackup.blob.LocalBlobStore;
import java.nio.file.Path;

/**
 * An event store in a folder laid out exactly as the reference library lays out its Azure containers
 * (see {@link BlobEventStore}), so a container copied to disk is a valid store.
 */
public final class FileEventStore extends BlobEventStore {
    public FileEventStore(Path root) {
        super(new LocalBlobStore(root));
    }
}
