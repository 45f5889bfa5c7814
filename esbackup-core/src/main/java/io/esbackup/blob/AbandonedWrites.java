package io.esbackup.blob;

import java.time.Instant;

/**
 * An optional capability of a {@link BlobStore} whose writes go through temporary files that a killed
 * process leaves behind ({@link LocalBlobStore}'s {@code .esb-tmp-*}): finds and removes them. Such files
 * are invisible to {@link BlobStore#list} and cost only disk space, so they are removed by an occasional
 * clean-up rather than by each write. Stores that publish atomically on the server side (Azure, memory) do
 * not have it. Find it with {@link BlobStore#capability}, which looks through wrappers.
 */
public interface AbandonedWrites {

    /**
     * Removes (or with {@code dryRun} only lists) the temporary files last modified before
     * {@code modifiedBefore}. A write in progress touches its file as it writes, so a cut-off well in the
     * past (the service uses its grace period, an hour by default) leaves every running write alone, in
     * this process and in others; a file removed from under a write makes that write fail, never publish.
     *
     * @throws IllegalArgumentException if {@code modifiedBefore} is null
     */
    AbandonedWriteSweep sweepAbandonedWrites(Instant modifiedBefore, boolean dryRun);
}
