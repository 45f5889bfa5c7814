package io.esbackup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The layer between an archive's compressed bytes and its stored bytes: encryption of one archive
 * (docs/FORMAT.md section 20). The stored bytes' SHA-256 and size cover what this layer writes, so they are
 * checked without the key. It also seals the manifest members that would tell of the content (what an
 * incremental backup saw of the stream) under the same key, bound to the same backup.
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

    /**
     * {@code plaintext} (a few hundred bytes of a manifest) encrypted so that only {@link #open} of this backup's
     * cipher reads it: authenticated with associated data other than the archive's, so neither passes for the
     * other.
     */
    default byte[] seal(byte[] plaintext) throws IOException {
        // A default, so ciphers written before seals still compile; a cipher that encrypts should override it.
        throw new UnsupportedOperationException(getClass().getName() + " cannot seal manifest members");
    }

    /** What {@link #seal} sealed; an {@link IOException} when {@code sealed} does not authenticate. */
    default byte[] open(byte[] sealed) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " cannot open sealed manifest members");
    }
}
