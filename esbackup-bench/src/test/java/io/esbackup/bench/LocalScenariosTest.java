package io.esbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local scenarios at tiny sizes, in one run: every row has real numbers, on the same bytes as its baselines. */
class LocalScenariosTest {
    static final int EVENTS = 2_000;
    static final int STREAMS = 50;

    @TempDir
    static Path dir;
    static BenchReport report;
    static List<String> log = new ArrayList<>();

    @BeforeAll
    static void run() {
        report = Bench.run(new BenchOptions(List.of("big-stream", "many-streams", "memory", "launcher", "azure"), EVENTS,
                STREAMS, dir.resolve("work"), null, EventGenerator.DEFAULT_SEED), log::add);
    }

    @Test
    void bigStreamBacksUpAndRestoresEveryEventBesideBaselinesOnTheSameBytes() {
        Measurement backup = row("big-stream", "backup");
        Measurement restore = row("big-stream", "restore");
        Measurement warmBackup = row("big-stream", "backup, warm JVM");
        Measurement warmRestore = row("big-stream", "restore, warm JVM");
        for (Measurement m : List.of(backup, restore, warmBackup, warmRestore)) {
            assertThat(m.seconds()).isPositive();
            assertThat(m.items()).isEqualTo(EVENTS);
            assertThat(m.bytes()).isBetween(EVENTS * 300L, EVENTS * 500L);
            assertThat(m.heapPeakBytes()).isPositive();
            assertThat(m.rssPeakBytes()).isGreaterThan(m.heapPeakBytes() / 4);
        }
        List<Measurement> baselines = rows(m -> m.scenario().equals("big-stream")
                && m.kind() == Measurement.Kind.BASELINE);
        assertThat(baselines).extracting(Measurement::operation).contains("read store files", "zstd-jni -1",
                "zstd-jni -d", "zstd -1 command", "tar | zstd -1", "zstd-jni -1, warm JVM");
        for (Measurement b : baselines) {
            if (b.ran()) {
                assertThat(b.bytes()).as(b.operation()).isEqualTo(backup.bytes());
                assertThat(b.seconds()).as(b.operation()).isPositive();
            } else {
                assertThat(b.note()).startsWith("skipped");
            }
        }
        assertThat(comparisons("big-stream")).hasSize(10).allSatisfy(c -> {
            if (c.verdict() != Comparison.Verdict.SKIPPED) {
                assertThat(c.ratio()).isPositive().isFinite();
            }
        });
        assertThat(comparisons("big-stream")).filteredOn(c -> c.baseline().equals("zstd-jni -1"))
                .extracting(Comparison::target).containsExactly("<= 1.5x", "<= 2.0x");
        assertThat(comparisons("big-stream")).filteredOn(c -> c.baseline().equals("zstd-jni -1, warm JVM"))
                .extracting(Comparison::subject).containsExactly("backup, warm JVM", "restore, warm JVM");
    }

    @Test
    void manyStreamsBacksUpAndRestoresEveryStreamBesideACopyOfTheSameFiles() {
        Measurement backup = row("many-streams", "bulk backup");
        Measurement restore = row("many-streams", "bulk restore");
        Measurement copy = row("many-streams", "plain copy per file");
        assertThat(List.of(backup, restore, copy)).allSatisfy(m -> {
            assertThat(m.items()).isEqualTo(STREAMS);
            assertThat(m.seconds()).isPositive();
            assertThat(m.bytes()).isEqualTo(backup.bytes());
        });
        assertThat(copy.note()).contains(2 * STREAMS + " files");
        Comparison target = comparisons("many-streams").get(0);
        assertThat(target.baseline()).isEqualTo("plain copy per file");
        assertThat(target.verdict()).isIn(Comparison.Verdict.PASS, Comparison.Verdict.MISS);
    }

    @Test
    void memoryComparesTheRssOfATenthOfTheStreamWithAllOfIt() {
        List<Measurement> rows = rows(m -> m.scenario().equals("memory"));
        assertThat(rows).extracting(Measurement::items).containsExactly((long) EVENTS / 10, (long) EVENTS);
        assertThat(rows).allSatisfy(m -> assertThat(m.rssPeakBytes()).isPositive());
        Comparison c = comparisons("memory").get(0);
        assertThat(c.ratio()).isEqualTo((double) rows.get(1).rssPeakBytes() / rows.get(0).rssPeakBytes());
        assertThat(c.target()).isEqualTo("< 1.2x");
    }

    @Test
    void launcherWithoutTheCommandOnTheClassPathIsSkippedAndSaysSo() {
        // This module's tests do not see esbackup-cli; BenchCommandTest and LauncherIT run the scenario.
        List<Measurement> rows = rows(m -> m.scenario().equals("launcher"));
        assertThat(rows).extracting(Measurement::operation).containsExactly("launcher, 200 events",
                "launcher, 2,000 events");
        assertThat(rows).allSatisfy(m -> {
            assertThat(m.ran()).isFalse();
            assertThat(m.note()).startsWith("skipped: needs the esbackup command");
        });
        assertThat(comparisons("launcher")).isEmpty();
        assertThat(report.notes()).anyMatch(n -> n.startsWith("launcher: skipped"));
    }

    @Test
    void azureWithoutAnAccountIsSkippedAndSaysSo() {
        assertThat(row("azure", "bulk backup to Azure").ran()).isFalse();
        assertThat(report.notes()).anyMatch(n -> n.startsWith("azure: skipped") && n.contains("AZURE_STORAGE"));
    }

    @Test
    void theReportPrintsEveryRowAndVerdictAndTheJsonHoldsThem() {
        String text = String.join("\n", report.lines());
        assertThat(text).contains("Machine:", "bulk backup", "zstd-jni -1", "(information)")
                .containsAnyOf("PASS", "MISS");
        JsonNode json = report.toJson();
        assertThat(json.path("measurements")).hasSize(report.measurements().size());
        assertThat(json.path("comparisons")).hasSize(report.comparisons().size());
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        assertThat(log).anyMatch(l -> l.contains("generating"));
        assertThat(Files.exists(dir.resolve("work"))).as("--dir is kept").isTrue();
    }

    private static Measurement row(String scenario, String operation) {
        return rows(m -> m.scenario().equals(scenario) && m.operation().equals(operation)).get(0);
    }

    private static List<Measurement> rows(Predicate<Measurement> p) {
        return report.measurements().stream().filter(p).toList();
    }

    private static List<Comparison> comparisons(String scenario) {
        return report.comparisons().stream().filter(c -> c.scenario().equals(scenario)).toList();
    }
}
