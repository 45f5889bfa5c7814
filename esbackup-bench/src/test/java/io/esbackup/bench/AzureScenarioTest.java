package io.esbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.azure.Azurite;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The azure scenario against Azurite, at a tiny size. */
@ExtendWith(Azurite.class)
class AzureScenarioTest {
    @TempDir
    Path dir;

    @Test
    void bulkBackupToAzureIsMeasuredBesideTheRawUploadOfTheSameBlobs() {
        int streams = 30;
        BenchReport report = Bench.run(new BenchOptions(List.of("azure"), 100, streams, null,
                Azurite.connectionString(), EventGenerator.DEFAULT_SEED), line -> { });
        Measurement backup = report.measurements().get(0);
        Measurement raw = report.measurements().get(1);
        assertThat(backup.operation()).isEqualTo("bulk backup to Azure");
        assertThat(backup.items()).isEqualTo(streams);
        assertThat(backup.seconds()).isPositive();
        assertThat(backup.note()).contains(3 * streams + " blobs written");
        assertThat(raw.operation()).isEqualTo("raw SDK upload");
        assertThat(raw.bytes()).as("same number and size of blobs").isEqualTo(backup.bytes()).isPositive();
        assertThat(raw.note()).contains("of " + 3 * streams + " blobs");
        Comparison c = report.comparisons().get(0);
        assertThat(c.ratio()).isPositive().isFinite();
        assertThat(c.target()).isEqualTo("<= 1.25x");
        assertThat(report.toJson().toString()).doesNotContain("AccountKey");
    }
}
