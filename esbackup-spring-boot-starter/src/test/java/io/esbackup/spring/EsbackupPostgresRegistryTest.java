package io.esbackup.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.postgres.PostgresBackupRegistry;
import io.esbackup.postgres.PostgresServer;
import io.esbackup.store.EventStore;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code esbackup.registry=postgresql://...}: a registry in a PostgreSQL server started for the tests. */
@ExtendWith(PostgresServer.class)
class EsbackupPostgresRegistryTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EsbackupAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void backupsAreRecordedInThePostgresRegistry() {
        PostgresServer pg = PostgresServer.shared();
        String schema = PostgresServer.uniqueSchema("spring");
        String url = "postgresql://" + PostgresServer.USER + ":" + PostgresServer.PASSWORD + "@127.0.0.1:" + pg.port()
                + "/" + PostgresServer.DATABASE + "?schema=" + schema;
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=file:" + dir.resolve("backups"), "esbackup.registry=" + url)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(BackupRegistry.class)).isInstanceOf(PostgresBackupRegistry.class);
                    Aggregates.create(context.getBean(EventStore.class), "order", "o-1", 3);

                    BackupHandle backup = context.getBean(BackupRestoreService.class).backupStream("order", "o-1");

                    // Read back through a registry of the test's own on the same table.
                    BackupRegistry seen = new PostgresBackupRegistry(pg.dataSource(), schema,
                            PostgresBackupRegistry.DEFAULT_TABLE);
                    assertThat(seen.find(backup.backupId())).hasValueSatisfying(
                            m -> assertThat(m.objectId()).isEqualTo("o-1"));
                });
    }

    @Test
    void postgresqlWithoutAHostIsARegistryOnTheApplicationsDataSourceWhichItLeavesOpen() {
        PostgresServer pg = PostgresServer.shared();
        String schema = PostgresServer.uniqueSchema("springds");
        HikariDataSource pool = pg.pool(2);
        runner.withBean(DataSource.class, () -> pool)
                .withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=file:" + dir.resolve("backups"),
                        "esbackup.registry=postgresql:?schema=" + schema)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BackupRegistry registry = context.getBean(BackupRegistry.class);
                    Aggregates.create(context.getBean(EventStore.class), "order", "o-1", 3);

                    BackupHandle backup = context.getBean(BackupRestoreService.class).backupStream("order", "o-1");

                    BackupRegistry seen = new PostgresBackupRegistry(pg.dataSource(), schema,
                            PostgresBackupRegistry.DEFAULT_TABLE);
                    assertThat(seen.find(backup.backupId())).isPresent();
                    // The pool is the application's: closing esbackup's registry leaves it open.
                    ((AutoCloseable) registry).close();
                    assertThat(pool.isClosed()).isFalse();
                    assertThat(seen.find(backup.backupId())).isPresent();
                });
        pool.close();
    }

    @Test
    void postgresqlWithoutAHostAndWithoutADataSourceFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=file:" + dir.resolve("backups"), "esbackup.registry=postgresql:")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(EsbackupAutoConfigurationTest.messages(context.getStartupFailure()))
                            .contains("esbackup.registry: postgresql: without a host uses the application's "
                                    + "DataSource, and it has none");
                });
    }

    @Test
    void anUnknownParameterOfTheDataSourceFormFailsWhenBound() {
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=file:" + dir.resolve("backups"), "esbackup.registry=postgresql:?password=x")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(EsbackupAutoConfigurationTest.messages(context.getStartupFailure()))
                            .contains("Binding validation errors on esbackup")
                            .contains("esbackup.registry: unknown parameter 'password'; known: schema, table");
                });
    }

    @Test
    void aBadUrlFailsStartUpNamingThePropertyWithoutThePassword() {
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=file:" + dir.resolve("backups"),
                        "esbackup.registry=postgresql://u:hunter2-secret@:notaport/db")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(EsbackupAutoConfigurationTest.messages(context.getStartupFailure()))
                            .contains("esbackup.registry: url").doesNotContain("hunter2-secret");
                });
    }

    @Test
    void anUnknownRegistrySchemeListsPostgresqlAmongTheKnownOnes() {
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=file:" + dir.resolve("backups"), "esbackup.registry=mysql://h/db")
                .run(context -> assertThat(EsbackupAutoConfigurationTest.messages(context.getStartupFailure()))
                        .contains("esbackup.registry: unknown scheme 'mysql:' for a backup registry;"
                                + " known schemes: file:, azure:, s3:, postgresql:"));
    }
}
