package io.esbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.azure.Azurite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy scenario at a tiny size, to a folder and to Azurite: every row copies the same backups' files, each
 * copy is checked complete, and a copy that is not is refused. This module's tests do not see esbackup-cli, so
 * the esbackup rows here go through the service; BenchCommandTest runs them through the command.
 */
@ExtendWith(Azurite.class)
class CopyScenarioTest {
    static final int BACKUPS = 12;

    @TempDir
    static Path dir;
    static BenchReport report;

    @BeforeAll
    static void run() {
        report = Bench.run(new BenchOptions(List.of("copy"), 100, BACKUPS, dir.resolve("work"),
                Azurite.connectionString(), EventGenerator.DEFAULT_SEED), line -> { });
    }

    @Test
    void copyToAFolderIsMeasuredBesideCopiesOfTheSameFiles() {
        Measurement esbackup = row("copy to a folder");
        List<Measurement> baselines = rows(m -> m.kind() == Measurement.Kind.BASELINE
                && !m.operation().startsWith("raw"));
        assertThat(baselines).extracting(Measurement::operation).containsExactly("cp -r", "plain copy per file",
                "durable copy per file");
        for (Measurement m : baselines) {
            assertThat(m.seconds()).as(m.operation()).isPositive();
            assertThat(m.bytes()).as(m.operation()).isEqualTo(esbackup.bytes());
            assertThat(m.items()).as(m.operation()).isEqualTo(BACKUPS);
        }
        assertThat(esbackup.seconds()).isPositive();
        assertThat(esbackup.unit()).isEqualTo("backups");
        assertThat(esbackup.note()).contains("BackupRestoreService.copyTo", "checked: " + BACKUPS + " manifests, all "
                + 3 * BACKUPS + " files byte for byte", BACKUPS + " backups validated");
        Comparison target = comparisons().get(0);
        assertThat(target.baseline()).isEqualTo("cp -r");
        assertThat(target.target()).isEqualTo("<= 2.0x (>= 0.5x its backups/s)");
        assertThat(target.verdict()).isIn(Comparison.Verdict.PASS, Comparison.Verdict.MISS);
        assertThat(target.ratio()).isEqualTo(esbackup.seconds() / baselines.get(0).seconds());
        assertThat(report.notes()).as("each round's time, beside the medians").anySatisfy(n -> assertThat(n)
                .containsPattern("each round in turn: esbackup [0-9.]+, [0-9.]+, [0-9.]+ s; cp -r [0-9.]+, [0-9.]+, "
                        + "[0-9.]+ s"));
    }

    @Test
    void copyToAzureIsMeasuredBesideTheRawUploadOfTheSameFiles() {
        Measurement esbackup = row("copy to Azure");
        Measurement raw = row("raw SDK upload of the files");
        assertThat(List.of(esbackup, raw)).allSatisfy(m -> {
            assertThat(m.seconds()).isPositive();
            assertThat(m.items()).isEqualTo(BACKUPS);
        });
        assertThat(raw.bytes()).isEqualTo(esbackup.bytes()).isEqualTo(row("copy to a folder").bytes());
        assertThat(esbackup.note()).contains(BACKUPS + " manifests, " + 3 * BACKUPS + " blobs of the same names and "
                + "sizes, " + 3 * BACKUPS + " of them byte for byte");
        assertThat(raw.note()).contains(3 * BACKUPS + " blobs of the same names and sizes");
        Comparison target = comparisons().stream().filter(c -> c.baseline().equals(raw.operation())).findFirst()
                .orElseThrow();
        assertThat(target.target()).isEqualTo("<= 1.25x (>= 0.8x its backups/s)");
        assertThat(target.ratio()).isPositive().isFinite();
        assertThat(Azurite.client().listBlobContainers()).as("the run's containers are gone")
                .noneMatch(c -> c.getName().startsWith("esbench-"));
    }

    @Test
    void aCopyThatIsMissingAFileOrHasOtherBytesIsRefused() throws IOException {
        Path source = dir.resolve("check/source");
        Files.createDirectories(source.resolve("backups/order/o-1"));
        Files.createDirectories(source.resolve("backup-index"));
        Files.writeString(source.resolve("backups/order/o-1/a.json"), "archive");
        Files.writeString(source.resolve("backup-index/a"), "pointer");
        CopyTree tree = CopyTree.of(source);
        Path copy = dir.resolve("check/copy");
        Files.createDirectories(copy.resolve("backups/order/o-1"));
        Files.writeString(copy.resolve("backups/order/o-1/a.json"), "archive");
        assertThatThrownBy(() -> tree.checkFolder(copy)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing [backup-index/a]");
        Files.createDirectories(copy.resolve("backup-index"));
        Files.writeString(copy.resolve("backup-index/a"), "pointeR");
        assertThatThrownBy(() -> tree.checkFolder(copy)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the copy's backup-index/a is not the source's");
        Files.writeString(copy.resolve("backup-index/a"), "pointer");
        assertThat(tree.checkFolder(copy)).contains("all 2 files byte for byte");
    }

    private static Measurement row(String operation) {
        return rows(m -> m.operation().equals(operation)).get(0);
    }

    private static List<Measurement> rows(Predicate<Measurement> p) {
        return report.measurements().stream().filter(p).toList();
    }

    private static List<Comparison> comparisons() {
        return report.comparisons();
    }
}
