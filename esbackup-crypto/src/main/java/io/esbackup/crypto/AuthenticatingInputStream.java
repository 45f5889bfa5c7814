package io.esbackup.crypto;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Tink's decrypting stream, whose failures say what they mean to a person: a segment that does not authenticate
 * is a changed archive or one encrypted under another key, never a bug in the reader.
 */
final class AuthenticatingInputStream extends FilterInputStream {
    private final String backupId;

    AuthenticatingInputStream(InputStream in, String backupId) {
        super(in);
        this.backupId = backupId;
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            throw tampered(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            throw tampered(e);
        }
    }

    private IOException tampered(IOException e) {
        return new IOException("encrypted archive of backup " + backupId + " does not authenticate (tampered or "
                + "truncated bytes, or another key): " + e.getMessage(), e);
    }
}
