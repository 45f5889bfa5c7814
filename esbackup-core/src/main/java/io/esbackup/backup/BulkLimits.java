package io.esbackup.backup;

/** The limits bulk options share. */
final class BulkLimits {
    static final int MAX_CONCURRENCY = 256;
    static final int DEFAULT_CONCURRENCY = 4;
    static final int DEFAULT_RESULTS_KEPT = 10_000;

    private BulkLimits() {}

    static void check(int maxConcurrency, int maxResultsKept) {
        if (maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("maxConcurrency must be between 1 and " + MAX_CONCURRENCY + ", was "
                    + maxConcurrency);
        }
        if (maxResultsKept < 0) {
            throw new IllegalArgumentException("maxResultsKept must be zero or more, was " + maxResultsKept);
        }
    }
}
