package io.esbackup.testkit;

import io.esbackup.blob.BlobWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Deterministic blob content that is produced and checked as a stream, never held whole in memory. */
final class Content {
    private static final int PIECE = 64 * 1024;

    private Content() {}

    /** Writes {@code size} pseudo-random bytes derived from {@code seed}, in 64 KiB pieces. */
    static BlobWriter streamed(long seed, long size) {
        return out -> {
            Random random = new Random(seed);
            byte[] piece = new byte[PIECE];
            for (long left = size; left > 0; left -= PIECE) {
                random.nextBytes(piece);
                out.write(piece, 0, (int) Math.min(PIECE, left));
            }
        };
    }

    /** SHA-256 (hex) of what {@link #streamed} writes. */
    static String sha256(long seed, long size) {
        MessageDigest digest = sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            streamed(seed, size).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Reads {@code in} to its end; returns its length and SHA-256 as {@code "length:hex"}. */
    static String lengthAndSha256(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[8 * 1024];
        long length = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
            length += n;
        }
        return length + ":" + HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
