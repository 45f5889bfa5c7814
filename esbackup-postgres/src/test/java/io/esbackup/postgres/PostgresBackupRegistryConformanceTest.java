package io.esbackup.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.testkit.BackupRegistryConformance;
import io.esbackup.testkit.BackupRegistryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry suite on a real PostgreSQL server: every test gets a schema of its own, dropped after it. */
@ExtendWith(PostgresServer.class)
class PostgresBackupRegistryConformanceTest extends BackupRegistryConformance {
    private static HikariDataSource pool;

    @BeforeAll
    static void openPool() {
        // As many connections as the suite's racing threads, plus one for a query held open.
        pool = PostgresServer.shared().pool(17);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Override
    protected BackupRegistryFixture fixture() {
        String schema = PostgresServer.uniqueSchema("conformance");
        return new BackupRegistryFixture() {
            @Override
            public BackupRegistry create() {
                return new PostgresBackupRegistry(pool, schema, PostgresBackupRegistry.DEFAULT_TABLE);
            }

            @Override
            public void cleanup() {
                PostgresServer.shared().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        };
    }
}
