package io.esbackup.backup;

import java.util.function.Consumer;

/**
 * Options of {@code copyTo}. Defaults: 4 backups at a time, continue on error, not a dry run, no progress
 * listener, keep up to 10,000 failures.
 *
 * @param maxConcurrency  backups copied at once, 1 to 256
 * @param continueOnError keep going after a failure (a disaster-recovery copy should copy all it can); otherwise
 *                        stop starting new work at the first one
 * @param dryRun          only find out what would be copied: nothing is written anywhere
 * @param onProgress      told as each selected backup is done, from one thread at a time, or {@code null}
 * @param maxFailuresKept how many failures the report lists (its counts are exact)
 */
public record CopyOptions(int maxConcurrency, boolean continueOnError, boolean dryRun,
                          Consumer<CopyProgress> onProgress, int maxFailuresKept) {

    public static final CopyOptions DEFAULT = builder().build();

    public CopyOptions {
        BulkLimits.check(maxConcurrency, maxFailuresKept);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link CopyOptions}. */
    public static final class Builder {
        private int maxConcurrency = BulkLimits.DEFAULT_CONCURRENCY;
        private boolean continueOnError = true;
        private boolean dryRun;
        private Consumer<CopyProgress> onProgress;
        private int maxFailuresKept = BulkLimits.DEFAULT_RESULTS_KEPT;

        private Builder() {}

        public Builder maxConcurrency(int v) { maxConcurrency = v; return this; }
        public Builder continueOnError(boolean v) { continueOnError = v; return this; }
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        public Builder onProgress(Consumer<CopyProgress> v) { onProgress = v; return this; }
        public Builder maxFailuresKept(int v) { maxFailuresKept = v; return this; }

        public CopyOptions build() {
            return new CopyOptions(maxConcurrency, continueOnError, dryRun, onProgress, maxFailuresKept);
        }
    }
}
