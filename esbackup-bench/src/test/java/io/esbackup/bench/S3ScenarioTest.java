package io.esbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.s3.MotoServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The s3 scenario against moto's S3 server, at a tiny size; and without an endpoint, skipped and saying so. */
@ExtendWith(MotoServer.class)
class S3ScenarioTest {
    @TempDir
    Path dir;

    @AfterEach
    void forgetTheEndpoint() {
        System.clearProperty(S3Scenario.ENDPOINT_PROPERTY);
    }

    @Test
    void bulkBackupToS3IsMeasuredBesideTheRawUploadOfTheSameObjects() {
        System.setProperty(S3Scenario.ENDPOINT_PROPERTY, MotoServer.endpoint().toString());
        int streams = 30;
        BenchReport report = Bench.run(new BenchOptions(List.of("s3"), 100, streams, null, null,
                EventGenerator.DEFAULT_SEED), line -> { });
        Measurement backup = report.measurements().get(0);
        Measurement raw = report.measurements().get(1);
        assertThat(backup.operation()).isEqualTo("bulk backup to S3");
        assertThat(backup.items()).isEqualTo(streams);
        assertThat(backup.seconds()).isPositive();
        assertThat(backup.note()).contains(3 * streams + " objects written");
        assertThat(raw.operation()).isEqualTo("raw SDK upload");
        assertThat(raw.bytes()).as("same number and size of objects").isEqualTo(backup.bytes()).isPositive();
        assertThat(raw.note()).contains("of " + 3 * streams + " objects");
        Comparison c = report.comparisons().get(0);
        assertThat(c.ratio()).isPositive().isFinite();
        assertThat(c.target()).isEqualTo("<= 1.25x");
        assertThat(MotoServer.client().listBuckets().buckets()).as("the run's buckets are gone")
                .noneMatch(b -> b.name().startsWith("esbench-"));
    }

    @Test
    void withoutAnEndpointItIsSkippedAndSaysSo() {
        System.setProperty(S3Scenario.ENDPOINT_PROPERTY, ""); // none, whatever the environment says
        BenchReport report = Bench.run(new BenchOptions(List.of("s3"), 100, 10, null, null,
                EventGenerator.DEFAULT_SEED), line -> { });
        assertThat(report.measurements().get(0).ran()).isFalse();
        assertThat(report.notes()).anyMatch(n -> n.startsWith("s3: skipped") && n.contains("AWS_ENDPOINT_URL_S3"));
    }
}
