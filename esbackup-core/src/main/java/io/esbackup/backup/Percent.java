package io.esbackup.backup;

/** The one percentage rule of the progress records. */
final class Percent {
    private Percent() {}

    /** {@code done} of {@code total} as 0 to 100; an empty total is complete, an unknown one ({@code < 0}) is 0. */
    static double of(long done, long total) {
        if (total < 0) {
            return 0.0;
        }
        return total == 0 ? 100.0 : Math.min(100.0, 100.0 * done / total);
    }
}
