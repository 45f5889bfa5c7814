package io.esbackup.backup;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Options of {@code restoreMany}: every {@link RestoreOptions} setting for each restore, plus how the run
 * goes. Defaults: 4 at a time, continue on error, no progress listener, keep up to 10,000 results.
 *
 * @param maxConcurrency  restores in flight at once (into a local folder, groups of restores), 1 to 256
 * @param continueOnError keep going after a failure; otherwise stop starting new work at the first one
 * @param onProgress      told as each restore is known done (into a local folder, a group of restores at a time,
 *                        once the group is durable), from one thread at a time, or {@code null}
 * @param maxResultsKept  how many successes and how many failures the result lists (counts are exact)
 */
public record BulkRestoreOptions(
        RestoreOptions restoreOptions,
        int maxConcurrency,
        boolean continueOnError,
        Consumer<BulkRestoreProgress> onProgress,
        int maxResultsKept) {

    public static final BulkRestoreOptions DEFAULT = builder().build();

    public BulkRestoreOptions {
        if (restoreOptions == null) {
            throw new IllegalArgumentException("restoreOptions must not be null");
        }
        BulkLimits.check(maxConcurrency, maxResultsKept);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link BulkRestoreOptions}; the restore settings are those of {@link RestoreOptions.Builder}. */
    public static final class Builder {
        private RestoreOptions.Builder restore = RestoreOptions.builder();
        private int maxConcurrency = BulkLimits.DEFAULT_CONCURRENCY;
        private boolean continueOnError = true;
        private Consumer<BulkRestoreProgress> onProgress;
        private int maxResultsKept = BulkLimits.DEFAULT_RESULTS_KEPT;

        private Builder() {}

        /** Takes every restore setting from {@code options}. */
        public Builder restoreOptions(RestoreOptions options) {
            if (options == null) {
                throw new IllegalArgumentException("restoreOptions must not be null");
            }
            restore = options.toBuilder();
            return this;
        }

        public Builder overwrite(boolean v) { restore.overwrite(v); return this; }
        public Builder validateBeforeRestore(boolean v) { restore.validateBeforeRestore(v); return this; }
        public Builder restoreObjectDocument(boolean v) { restore.restoreObjectDocument(v); return this; }
        public Builder restoreSnapshots(boolean v) { restore.restoreSnapshots(v); return this; }
        public Builder restoreTerminatedStreams(boolean v) { restore.restoreTerminatedStreams(v); return this; }
        public Builder purgeReplaced(boolean v) { restore.purgeReplaced(v); return this; }
        public Builder description(String v) { restore.description(v); return this; }
        public Builder toVersion(Integer v) { restore.toVersion(v); return this; }
        public Builder toTime(Instant v) { restore.toTime(v); return this; }
        public Builder maxConcurrency(int v) { maxConcurrency = v; return this; }
        public Builder continueOnError(boolean v) { continueOnError = v; return this; }
        public Builder onProgress(Consumer<BulkRestoreProgress> v) { onProgress = v; return this; }
        public Builder maxResultsKept(int v) { maxResultsKept = v; return this; }

        public BulkRestoreOptions build() {
            return new BulkRestoreOptions(restore.build(), maxConcurrency, continueOnError, onProgress,
                    maxResultsKept);
        }
    }
}
