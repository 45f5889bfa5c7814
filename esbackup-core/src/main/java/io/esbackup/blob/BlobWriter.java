package io.esbackup.blob;

import java.io.IOException;
import java.io.OutputStream;

/** Produces a blob's content into the store's stream; throwing abandons the write. */
@FunctionalInterface
public interface BlobWriter {
    void writeTo(OutputStream out) throws IOException;
}
