package io.esbackup.internal;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash of strings for the compact tables of bulk runs (a million aggregates in tens of megabytes):
 * FNV-1a over the parts' UTF-8 bytes, each part closed by a byte no id holds, then MurmurHash3's finaliser.
 * Never 0, which the tables keep for an empty slot. Not cryptographic: where two values are compared by
 * their hashes, two different values pass as equal with a chance of about 2^-64.
 */
public final class Hash64 {
    private Hash64() {}

    /** The hash of {@code parts} in order; a {@code null} part hashes as the empty string. */
    public static long of(String... parts) {
        long h = 0xcbf29ce484222325L;
        for (String part : parts) {
            if (part != null) {
                for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                    h = (h ^ (b & 0xff)) * 0x100000001b3L;
                }
            }
            h = (h ^ 0x1f) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fa8ff9a7bL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
