package io.esbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.azure.Azurite;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The table scenario against Azurite's table service, at a tiny size. */
@ExtendWith(Azurite.class)
class TableScenarioTest {

    @Test
    void restoreIntoAndBackupFromTablesAreMeasuredBesideTheRawSdk() {
        int streams = 20;
        BenchReport report = Bench.run(new BenchOptions(List.of("table"), 100, streams, null,
                Azurite.fullConnectionString(), EventGenerator.DEFAULT_SEED), line -> { });
        List<Measurement> m = report.measurements();
        assertThat(m).extracting(Measurement::operation).containsExactly("bulk restore into Table storage",
                "raw SDK insert", "bulk backup from Table storage", "raw SDK read");
        assertThat(m).allSatisfy(x -> {
            assertThat(x.items()).isEqualTo(streams);
            assertThat(x.seconds()).isPositive();
        });
        assertThat(m.get(1).bytes()).as("the same payload characters").isEqualTo(m.get(0).bytes()).isPositive();
        assertThat(m.get(3).bytes()).as("a read of what was restored").isEqualTo(m.get(0).bytes());
        assertThat(report.comparisons()).hasSize(2).allSatisfy(c -> assertThat(c.ratio()).isPositive().isFinite());
        assertThat(report.toJson().toString()).doesNotContain("AccountKey");
    }

    @Test
    void withoutATableEndpointTheScenarioSaysSoAndMeasuresNothing() {
        BenchReport report = Bench.run(new BenchOptions(List.of("table"), 100, 5, null, Azurite.connectionString(),
                EventGenerator.DEFAULT_SEED), line -> { });
        assertThat(report.measurements()).singleElement().satisfies(x -> assertThat(x.ran()).isFalse());
        assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("TableEndpoint"));
    }
}
