package io.esbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.postgres.PostgresServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry scenario against a real PostgreSQL (the postgres module's harness), at a tiny size. */
@ExtendWith(PostgresServer.class)
class RegistryScenarioTest {

    @Test
    void theListingIsMeasuredWithTheRegistryAndByScanningEveryManifest() {
        PostgresServer pg = PostgresServer.shared();
        System.setProperty(RegistryScenario.URL_PROPERTY, "postgresql://" + PostgresServer.USER + ":"
                + PostgresServer.PASSWORD + "@127.0.0.1:" + pg.port() + "/" + PostgresServer.DATABASE);
        try {
            BenchReport report = Bench.run(new BenchOptions(List.of("registry"), 100, 3_000, null, null,
                    EventGenerator.DEFAULT_SEED), line -> { });
            List<Measurement> m = report.measurements();
            assertThat(m).extracting(Measurement::operation).containsExactly("record in the PostgreSQL registry",
                    "list with the PostgreSQL registry", "list scanning every manifest");
            assertThat(m.get(0).items()).isEqualTo(3_000);
            // 3,000 backups: one in a thousand has env=audit (i % 1000 == 3), all of them order-3.
            assertThat(m.get(1).note()).contains("3 listed");
            assertThat(m.get(2).note()).contains("3 listed");
            assertThat(m.get(1).seconds()).isPositive();
            assertThat(report.comparisons()).hasSize(2).allSatisfy(c -> assertThat(c.ratio()).isPositive().isFinite());
            assertThat(report.toJson().toString()).doesNotContain(PostgresServer.PASSWORD);
        } finally {
            System.clearProperty(RegistryScenario.URL_PROPERTY);
        }
    }
}
