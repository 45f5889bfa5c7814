package io.esbackup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The layer between an archive's compressed bytes and its stored bytes: encryption of one archive
 * (docs/FORMAT.md section 20). The stored bytes' SHA-256 and size cover what this layer writes, so they are
 * checked without the key.
 */
public interface ArchiveCipher {
    /** Stores the bytes as they are: an archive that is not encrypted. */
    ArchiveCipher NONE = new ArchiveCipher() {
        @Override
        public OutputStream encrypting(OutputStream stored) {
            return stored;
        }

        @Override
        public InputStream decrypting(InputStream stored) {
            return stored;
        }
    };

    /** A stream that encrypts into {@code stored}; closing it writes the last segment and closes {@code stored}. */
    OutputStream encrypting(OutputStream stored) throws IOException;

    /**
     * The plaintext of {@code stored}; a read fails with an {@link IOException} when the bytes do not
     * authenticate (tampered, or another key).
     */
    InputStream decrypting(InputStream stored) throws IOException;
}
