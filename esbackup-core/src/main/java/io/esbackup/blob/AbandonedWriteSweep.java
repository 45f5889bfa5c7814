package io.esbackup.blob;

import java.util.List;

/**
 * What {@link AbandonedWrites#sweepAbandonedWrites} removed, or in a dry run would remove.
 *
 * @param files the temporary files, as paths relative to the store's root with {@code /} separators
 * @param bytes their total size
 */
public record AbandonedWriteSweep(List<String> files, long bytes, boolean dryRun) {
    public AbandonedWriteSweep {
        files = List.copyOf(files);
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be zero or more, was " + bytes);
        }
    }

    /** A sweep that found nothing. */
    public static AbandonedWriteSweep none(boolean dryRun) {
        return new AbandonedWriteSweep(List.of(), 0, dryRun);
    }

    public int count() {
        return files.size();
    }
}
