package io.esbackup.backup;

/**
 * How large a pack grows before its run starts another: a pack is closed when its data reaches
 * {@code maxPackBytes} or it holds {@code maxEntriesPerPack} entries. Each open pack keeps its entries'
 * manifests in memory until it is closed, so the entries bound a run's memory (a few MB per worker).
 */
public record PackLimits(long maxPackBytes, int maxEntriesPerPack) {
    /** 64 MiB or 4,096 entries. */
    public static final PackLimits DEFAULT = new PackLimits(64L * 1024 * 1024, 4096);

    public PackLimits {
        if (maxPackBytes < 1) {
            throw new IllegalArgumentException("maxPackBytes must be at least 1, was " + maxPackBytes);
        }
        if (maxEntriesPerPack < 1) {
            throw new IllegalArgumentException("maxEntriesPerPack must be at least 1, was " + maxEntriesPerPack);
        }
    }
}
