package io.esbackup.bench;

/**
 * esbackup's operation set against a baseline measured in the same run on the same bytes.
 *
 * @param ratio   esbackup / baseline: of the times, or for memory of the peak RSS; {@code NaN} if a side was skipped
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

    static String target(Double maxRatio) {
        return maxRatio == null ? "" : "<= " + maxRatio + "x";
    }
}
