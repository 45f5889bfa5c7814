package io.esbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.bench.Comparison.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which comparisons count towards {@link BenchReport#allTargetsMet()}. */
class BenchReportTest {
    private static final Comparison PASS = comparison("<= 1.5x", Verdict.PASS);
    private static final Comparison INFO = comparison("", Verdict.INFO);

    @Test
    void targetsThatPassedAreMetAndInformationDoesNotCount() {
        assertThat(report(PASS, INFO, comparison("", Verdict.SKIPPED)).allTargetsMet()).isTrue();
    }

    @Test
    void aMissedTargetIsNotMet() {
        assertThat(report(PASS, comparison("<= 2.0x", Verdict.MISS), INFO).allTargetsMet()).isFalse();
    }

    @Test
    void aTargetWhoseComparisonWasSkippedIsNotMet() {
        Measurement ran = new Measurement("big-stream", "backup", Measurement.Kind.ESBACKUP, 1.0, 100, 10, "events",
                -1, -1, "ran");
        Measurement skipped = Measurement.skipped("big-stream", "zstd -1 command", Measurement.Kind.BASELINE,
                "skipped: no zstd on the PATH");
        Comparison c = Comparison.ofTimes(ran, skipped, 1.5);
        assertThat(c.verdict()).isEqualTo(Verdict.SKIPPED);

        BenchReport report = report(PASS, c);
        assertThat(report.allTargetsMet()).isFalse();
        assertThat(report.toJson().path("allTargetsMet").asBoolean(true)).isFalse();
    }

    private static Comparison comparison(String target, Verdict verdict) {
        return new Comparison("big-stream", "backup", "zstd-jni -1", 1.2, target, verdict);
    }

    private static BenchReport report(Comparison... comparisons) {
        return new BenchReport(new Machine("cpu", 2, 1L << 30, "jdk", "os", "disk"), BenchOptions.defaults(),
                List.of(), List.of(comparisons), List.of(), 1.0);
    }
}
