package io.esbackup.backup;

import io.esbackup.archive.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Iterator;

/**
 * A set of blob keys listed once, kept as 64-bit hashes (8 bytes a key, whatever its length) in a sorted array:
 * {@link #mayContain} is never {@code false} for a key that was added, and {@code true} for another only when two
 * hashes collide (about one in 10^19 per pair), which costs a caller one look too many, nothing more.
 */
final class ListedKeys {
    private final long[] hashes;

    private ListedKeys(long[] hashes) {
        this.hashes = hashes;
    }

    /** The keys, or {@code null} if there are more than {@code atMost} (then nothing more is read). */
    static ListedKeys of(Iterator<String> keys, int atMost) {
        long[] hashes = new long[1024];
        int n = 0;
        MessageDigest digest = Sha256.newDigest();
        while (keys.hasNext()) {
            if (n == atMost) {
                return null;
            }
            if (n == hashes.length) {
                hashes = Arrays.copyOf(hashes, (int) Math.min(atMost, 2L * hashes.length));
            }
            hashes[n++] = hash(digest, keys.next());
        }
        long[] sorted = Arrays.copyOf(hashes, n);
        Arrays.sort(sorted);
        return new ListedKeys(sorted);
    }

    boolean mayContain(String key) {
        return Arrays.binarySearch(hashes, hash(Sha256.newDigest(), key)) >= 0;
    }

    int size() {
        return hashes.length;
    }

    private static long hash(MessageDigest digest, String key) {
        byte[] d = digest.digest(key.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }
}
