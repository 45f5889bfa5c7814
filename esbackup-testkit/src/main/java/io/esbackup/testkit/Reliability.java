package io.esbackup.testkit;

/**
 * How hard the reliability suites push: CI runs each at scale 1, {@code ./mvnw verify -Preliability} at
 * scale 10 (the {@code esbackup.reliabilityScale} system property the build passes to the tests).
 */
public final class Reliability {
    private Reliability() {}

    /** The build's scale: 1 unless the reliability profile (or the property) says otherwise. */
    public static int scale() {
        return Math.max(1, Integer.getInteger("esbackup.reliabilityScale", 1));
    }

    /** {@code ciTrials} times the scale. */
    public static int trials(int ciTrials) {
        return ciTrials * scale();
    }
}
