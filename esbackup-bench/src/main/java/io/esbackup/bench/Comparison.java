package io.esbackup.bench;

/**
 * esbackup's operation set against a baseline measured in the same run on the same bytes.
 *
 * @param ratio   esbackup / baseline: of the times, or for memory of the peak RSS, or for a target rate of the rates;
 *                {@code NaN} if a side was skipped
 * @param target  the target for this ratio (for example {@code <= 1.5x}), or empty for information
 * @param verdict whether the target is met
 */
public record Comparison(String scenario, String subject, String baseline, double ratio, String target,
                         Verdict verdict) {

    /** Where a ratio stands against its target. */
    public enum Verdict { PASS, MISS, INFO, SKIPPED }

    /** Time ratio of {@code subject} to {@code baseline}; met when at most {@code maxRatio} (null: no target). */
    public static Comparison ofTimes(Measurement subject, Measurement baseline, Double maxRatio) {
        if (!subject.ran() || !baseline.ran()) {
            return new Comparison(subject.scenario(), subject.operation(), baseline.operation(), Double.NaN,
                    target(maxRatio), Verdict.SKIPPED);
        }
        double ratio = subject.seconds() / baseline.seconds();
        return new Comparison(subject.scenario(), subject.operation(), baseline.operation(), ratio, target(maxRatio),
                maxRatio == null ? Verdict.INFO : ratio <= maxRatio ? Verdict.PASS : Verdict.MISS);
    }

    /**
     * A rate against an absolute target: the ratio is {@code subject}'s items per second over
     * {@code minPerSecond}, met when at least 1.
     */
    public static Comparison ofRates(Measurement subject, double minPerSecond) {
        String target = ">= " + String.format(java.util.Locale.ROOT, "%,.0f", minPerSecond) + " " + subject.unit()
                + "/s";
        if (!subject.ran()) {
            return new Comparison(subject.scenario(), subject.operation(), "target rate", Double.NaN, target,
                    Verdict.SKIPPED);
        }
        double ratio = subject.itemsPerSecond() / minPerSecond;
        return new Comparison(subject.scenario(), subject.operation(), "target rate", ratio, target,
                ratio >= 1 ? Verdict.PASS : Verdict.MISS);
    }

    static String target(Double maxRatio) {
        return maxRatio == null ? "" : "<= " + maxRatio + "x";
    }
}
