package io.esbackup.internal;

/**
 * A map from non-zero 64-bit keys to 64-bit values in two arrays (open addressing, linear probing, at most
 * half full): 32 bytes a key at worst, no object per entry. Not thread-safe while being filled; safe to read
 * from many threads once filled and published.
 */
public final class LongLongTable {
    private long[] keys = new long[64];
    private long[] values = new long[64];
    private int size;

    /** Sets {@code key}'s value; {@code key} must not be 0. */
    public void put(long key, long value) {
        if (key == 0) {
            throw new IllegalArgumentException("key must not be 0");
        }
        int slot = slot(keys, key);
        if (keys[slot] == 0) {
            size++;
        }
        keys[slot] = key;
        values[slot] = value;
        if (size * 2 > keys.length) {
            grow();
        }
    }

    /** {@code key}'s value, or {@code absent} if it has none. */
    public long get(long key, long absent) {
        int slot = slot(keys, key);
        return keys[slot] == key && key != 0 ? values[slot] : absent;
    }

    public int size() {
        return size;
    }

    /**
     * Where {@code key} is, or the empty slot (key 0) where it would go, in an open-addressing table of
     * {@code keys} (a power of two long, never full) probed linearly: the probe this table and others built
     * the same way share.
     */
    public static int slot(long[] keys, long key) {
        int mask = keys.length - 1;
        int slot = (int) (key ^ (key >>> 32)) & mask;
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] k = keys;
        long[] v = values;
        keys = new long[k.length * 2];
        values = new long[k.length * 2];
        for (int i = 0; i < k.length; i++) {
            if (k[i] != 0) {
                int slot = slot(keys, k[i]);
                keys[slot] = k[i];
                values[slot] = v[i];
            }
        }
    }
}
