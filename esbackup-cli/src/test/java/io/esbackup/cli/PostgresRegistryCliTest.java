package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.postgres.PostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code --registry postgresql://...} against a real PostgreSQL (the postgres module's harness). */
@ExtendWith(PostgresServer.class)
class PostgresRegistryCliTest {
    @TempDir
    Path dir;

    @Test
    void backupsAreRecordedInPostgresListedFromItAndRebuilt() throws IOException {
        Aggregates.createMany(dir, "order", "o", 3);
        PostgresServer pg = PostgresServer.shared();
        String url = "postgresql://" + PostgresServer.USER + ":" + PostgresServer.PASSWORD + "@127.0.0.1:" + pg.port()
                + "/" + PostgresServer.DATABASE + "?schema=" + PostgresServer.uniqueSchema("cli");
        CliRun cli = new CliRun(dir);

        CliRun.Result made = cli.run("--registry", url, "--json", "backup-many", "order", "--all");
        assertThat(made.exitCode()).as(made.err()).isZero();
        JsonNode listed = CliRun.oneDocument(cli.run("--registry", url, "--json", "list", "--object-name", "order"));
        assertThat(listed).hasSize(3);
        CliRun.Result rebuilt = cli.run("--registry", url, "--json", "registry", "rebuild");
        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
        assertThat(CliRun.oneDocument(rebuilt).path("recorded").asLong()).isEqualTo(3);
        for (CliRun.Result r : new CliRun.Result[] {made, rebuilt}) {
            assertThat(r.out() + r.err()).doesNotContain(PostgresServer.PASSWORD);
        }
    }

    @Test
    void aBadUrlIsAUsageErrorThatDoesNotShowThePassword() {
        CliRun.Result r = new CliRun(dir).run("--registry", "postgresql://u:hunter2-secret@:notaport/db", "list");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--registry").doesNotContain("hunter2-secret");
    }
}
