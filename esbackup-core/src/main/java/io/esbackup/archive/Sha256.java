package io.esbackup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as esbackup writes it everywhere (FORMAT.md section 6): lower-case hex. */
public final class Sha256 {
    private Sha256() {}

    /** What a stream held: how many bytes, and their SHA-256. */
    public record Sum(long size, String sha256) {}

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The SHA-256 of {@code bytes}, in hex. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** Reads {@code in} to its end, passing every byte on to {@code out}; neither is closed. */
    public static Sum copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
            size += n;
        }
        return new Sum(size, HexFormat.of().formatHex(digest.digest()));
    }
}
