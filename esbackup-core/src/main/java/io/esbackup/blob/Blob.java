package io.esbackup.blob;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** An open blob: its info and a stream of exactly the bytes that info describes. Close it. */
public record Blob(BlobInfo info, InputStream content) implements Closeable {
    @Override
    public void close() throws IOException {
        content.close();
    }
}
