package io.esbackup.backup;

import io.esbackup.archive.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of {@code count} disjoint parts of a store's aggregates, chosen by object id alone, so that
 * {@code count} runs given the indexes {@code 0 .. count - 1} cover every aggregate exactly once, wherever
 * and whenever they run.
 *
 * <p>The rule, fixed so that any other tool can compute it: an object id belongs to shard
 * {@code (first 8 bytes of SHA-256(UTF-8 bytes of the object id), read big-endian as an unsigned 64-bit
 * number) mod count}. The object name plays no part. {@link #ALL} ({@code 0/1}) contains every id.
 *
 * @param index which part, {@code 0 <= index < count}
 * @param count how many parts, 1 to {@value #MAX_COUNT}
 */
public record Shard(int index, int count) {
    /** The most parts a store can be split into. */
    public static final int MAX_COUNT = 65_536;
    /** The one shard of one: every object id. */
    public static final Shard ALL = new Shard(0, 1);

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");
    private static final String ALLOWED = "write K/N with whole numbers 0 <= K < N <= " + MAX_COUNT
            + ", e.g. 0/4 for the first of four shards";

    public Shard {
        requireCount(count);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("index must be between 0 and count - 1 (" + (count - 1) + "), was "
                    + index);
        }
    }

    /**
     * The shard written {@code K/N}, as {@code --shard} takes it; an {@code IllegalArgumentException} saying what
     * is allowed otherwise.
     */
    public static Shard parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("shard must not be null; " + ALLOWED);
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("shard '" + text + "' is not K/N; " + ALLOWED);
        }
        int k = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1 || n > MAX_COUNT || k >= n) {
            throw new IllegalArgumentException("shard '" + text + "' is out of range; " + ALLOWED);
        }
        return new Shard(k, n);
    }

    /** Whether {@code objectId} belongs to this shard, by the rule in the class comment. */
    public boolean contains(String objectId) {
        return of(objectId, count) == index;
    }

    /** Whether this is {@link #ALL}, the shard that contains every id. */
    public boolean isAll() {
        return count == 1;
    }

    /** The index of the shard of {@code count} that {@code objectId} belongs to. */
    public static int of(String objectId, int count) {
        if (objectId == null) {
            throw new IllegalArgumentException("objectId must not be null");
        }
        if (requireCount(count) == 1) {
            return 0;
        }
        byte[] digest = sha256().digest(objectId.getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, Long.BYTES).getLong(), count);
    }

    /** {@code K/N}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return index + "/" + count;
    }

    private static int requireCount(int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be between 1 and " + MAX_COUNT + ", was " + count);
        }
        return count;
    }

    private static MessageDigest sha256() {
        return Sha256.newDigest();
    }
}
