package io.esbackup.postgres;

import static io.esbackup.postgres.TestManifests.T0;
import static io.esbackup.postgres.TestManifests.id;
import static io.esbackup.postgres.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.esbackup.archive.BackupManifest;
import io.esbackup.backup.BackupQuery;
import io.esbackup.error.BackupException;
import io.esbackup.error.TransientStorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the conformance suite cannot see: the tables, their migration, races on one database, and limits. */
@ExtendWith(PostgresServer.class)
class PostgresBackupRegistryTest {
    private static final BackupQuery EVERYTHING = BackupQuery.builder().includeExpired(true).build();
    private static HikariDataSource pool;

    @BeforeAll
    static void openPool() {
        pool = PostgresServer.shared().pool(9);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void theTablesAreCreatedOnFirstUseOnceWithTheirVersionRecorded() throws Exception {
        String schema = PostgresServer.uniqueSchema("created");
        PostgresBackupRegistry registry = new PostgresBackupRegistry(pool, schema, "backups");
        assertThat(tables(schema)).as("tables before the first call").isEmpty();

        assertThat(registry.find(id(1))).isEmpty();
        assertThat(tables(schema)).containsExactlyInAnyOrder("backups", "backups_schema");
        assertThat(versions(schema, "backups")).containsExactly(RegistrySchema.VERSION);
        assertThat(strings("SELECT indexname FROM pg_indexes WHERE schemaname = ?", schema)).containsExactlyInAnyOrder(
                "backups_pkey", "backups_schema_pkey", "backups_by_object", "backups_by_created", "backups_by_expiry",
                "backups_by_location", "backups_by_tags");

        // Another registry (another process) on the same tables finds them made and adds no version.
        PostgresBackupRegistry second = new PostgresBackupRegistry(pool, schema, "backups");
        BackupManifest m = manifest(1, "Order", "o-1");
        second.record(m);
        assertThat(registry.find(id(1))).hasValue(m);
        assertThat(versions(schema, "backups")).containsExactly(RegistrySchema.VERSION);
    }

    @Test
    void withoutASchemaTheDefaultTableGoesInTheConnectionsCurrentSchema() throws Exception {
        String database = PostgresServer.uniqueSchema("db");
        PostgresServer.shared().execute("CREATE DATABASE " + database);
        try (HikariDataSource own = PostgresServer.shared().pool(database, 2)) {
            PostgresBackupRegistry registry = new PostgresBackupRegistry(own);
            BackupManifest m = manifest(1, "Order", "o-1");
            registry.record(m);
            assertThat(registry.find(id(1))).hasValue(m);
            try (Connection c = own.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT count(*) FROM public.esbackup_registry JOIN public.esbackup_registry_schema ON true")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        } finally {
            PostgresServer.shared().execute("DROP DATABASE " + database);
        }
    }

    @Test
    void aSchemaVersionNewerThanThisCodeKnowsIsRefused() throws Exception {
        String schema = PostgresServer.uniqueSchema("newer");
        new PostgresBackupRegistry(pool, schema, "backups").find(id(1));
        PostgresServer.shared().execute("INSERT INTO " + schema + ".backups_schema VALUES (2)");

        PostgresBackupRegistry later = new PostgresBackupRegistry(pool, schema, "backups");
        assertThatThrownBy(() -> later.record(manifest(1, "Order", "o-1")))
                .isExactlyInstanceOf(BackupException.class)
                .hasMessageContaining("schema version 2, newer than this esbackup knows (1)");
        assertThat(versions(schema, "backups")).containsExactly(1, 2);
    }

    @Test
    void registriesRacingToCreateTheTablesAllSucceed() throws Exception {
        int racers = 8;
        for (int round = 0; round < 3; round++) {
            String schema = PostgresServer.uniqueSchema("race");
            // A pool each, as separate processes would have: the race is between database sessions.
            List<HikariDataSource> pools = new ArrayList<>();
            try {
                List<PostgresBackupRegistry> registries = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    pools.add(PostgresServer.shared().pool(1));
                    registries.add(new PostgresBackupRegistry(pools.get(i), schema, "backups"));
                }
                int first = round * racers;
                runTogether(racers, t -> registries.get(t).record(manifest(first + t, "Order", "o-" + t)));
                try (Stream<BackupManifest> all = registries.get(0).query(EVERYTHING)) {
                    assertThat(all.map(m -> UUID.fromString(m.backupId()))).as("round " + round)
                            .containsExactlyInAnyOrderElementsOf(ids(first, first + racers));
                }
                assertThat(versions(schema, "backups")).containsExactly(RegistrySchema.VERSION);
            } finally {
                pools.forEach(HikariDataSource::close);
            }
        }
    }

    @Test
    void recordsFromManyThreadsAreAllKept() throws Exception {
        int threads = 8;
        int each = 500;
        String schema = PostgresServer.uniqueSchema("bulk");
        PostgresBackupRegistry registry = new PostgresBackupRegistry(pool, schema, "backups");
        runTogether(threads, t -> {
            for (int i = 0; i < each; i++) {
                long n = (long) t * each + i;
                registry.record(manifest(n, "Order", "o-" + (n % 13)));
            }
        });
        assertThat(strings("SELECT count(*)::text FROM " + schema + ".backups")).containsExactly(
                String.valueOf(threads * each));
        try (Stream<BackupManifest> all = registry.query(EVERYTHING)) {
            assertThat(all.map(m -> UUID.fromString(m.backupId())).toList())
                    .containsExactlyInAnyOrderElementsOf(ids(0, threads * each));
        }
    }

    @Test
    void aClosedQueryGivesItsConnectionBack() {
        String schema = PostgresServer.uniqueSchema("close");
        try (HikariDataSource one = PostgresServer.shared().pool(1)) {
            PostgresBackupRegistry registry = new PostgresBackupRegistry(one, schema, "backups");
            for (int n = 0; n < 3 * PostgresBackupRegistry.FETCH_SIZE; n++) {
                registry.record(manifest(n, "Order", "o-1"));
            }
            for (int i = 0; i < 3; i++) {
                try (Stream<BackupManifest> open = registry.query(EVERYTHING)) {
                    assertThat(open.findFirst()).isPresent();
                }
            }
            // With the pool's one connection still held, this would time out instead.
            assertThat(registry.remove(id(0))).isTrue();
            // While a query holds it, the pool has none left: the wait ends in a transient failure.
            try (Stream<BackupManifest> open = registry.query(EVERYTHING)) {
                assertThatThrownBy(() -> registry.find(id(1))).isInstanceOf(TransientStorageException.class)
                        .hasMessageContaining("finding backup " + id(1));
                assertThat(open.count()).isEqualTo(3L * PostgresBackupRegistry.FETCH_SIZE - 1);
            }
        }
    }

    @Test
    void instantsKeepTheirNanosecondsAndFarExpiriesAreKept() {
        PostgresBackupRegistry registry = new PostgresBackupRegistry(pool, PostgresServer.uniqueSchema("time"),
                "backups");
        BackupManifest early = manifest(1, "Order", "o-1", Instant.parse("0001-01-01T00:00:00.000000001Z"),
                Instant.parse("-5000-01-01T00:00:00Z"), Map.of());
        BackupManifest late = manifest(2, "Order", "o-1", Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.MAX, Map.of());
        registry.record(early);
        registry.record(late);

        assertThat(registry.find(id(1))).hasValue(early);
        assertThat(registry.find(id(2))).hasValue(late);
        assertThat(query(registry, BackupQuery.builder().createdAfter(Instant.parse("0001-01-01T00:00:00Z"))
                .createdBefore(Instant.parse("0001-01-01T00:00:00.000000002Z")).build())).containsExactly(early);
        assertThat(query(registry, BackupQuery.builder().createdBefore(Instant.parse("0001-01-01T00:00:00.000000001Z"))
                .build())).isEmpty();
        assertThat(query(registry, BackupQuery.builder().createdAfter(Instant.parse("9999-12-31T23:59:59.999999999Z"))
                .build())).containsExactly(late);
        // Bounds beyond what a row can hold still compare as BackupQuery.matches does.
        assertThat(query(registry, BackupQuery.builder().createdAfter(Instant.MIN).build()))
                .containsExactlyInAnyOrder(early, late);
        assertThat(query(registry, BackupQuery.builder().createdBefore(Instant.MAX).build()))
                .containsExactlyInAnyOrder(early, late);
        assertThat(query(registry, BackupQuery.builder().createdAfter(Instant.MAX.minusSeconds(1)).build())).isEmpty();
        assertThat(query(registry, BackupQuery.builder().createdBefore(Instant.MIN.plusSeconds(1)).build())).isEmpty();
    }

    @Test
    void whatPostgresqlCannotHoldIsRefusedAsABadArgument() {
        PostgresBackupRegistry registry = new PostgresBackupRegistry(pool, PostgresServer.uniqueSchema("limits"),
                "backups");
        assertThatThrownBy(() -> registry.record(manifest(1, "Order", "o-1", Instant.parse("+10000-01-01T00:00:00Z"),
                null, Map.of()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("manifest.createdAt");
        assertThatThrownBy(() -> registry.record(manifest(2, "Order", "o-1", T0, null, Map.of("k", "a\0b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("manifest.tags");
        // No entry can hold such a tag, so none matches it.
        registry.record(manifest(3, "Order", "o-1", T0, null, Map.of("k", "a")));
        assertThat(query(registry, BackupQuery.builder().tag("k", "a\0b").build())).isEmpty();
        assertThat(query(registry, EVERYTHING)).extracting(BackupManifest::backupId).containsExactly(id(3).toString());
    }

    @Test
    void badConstructorArgumentsAreNamed() {
        assertThatThrownBy(() -> new PostgresBackupRegistry(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataSource");
        assertThatThrownBy(() -> new PostgresBackupRegistry(pool, "Bad-Schema", "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("schema ");
        assertThatThrownBy(() -> new PostgresBackupRegistry(pool, null, "t; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("table ");
        assertThatThrownBy(() -> new PostgresBackupRegistry(pool, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("table ");
        assertThatThrownBy(() -> new PostgresBackupRegistry(pool, null, "t".repeat(49)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 48");
        assertThat(new PostgresBackupRegistry(pool, "s", "t")).hasToString("PostgresBackupRegistry[\"s\".\"t\"]");
    }

    // ---- helpers

    private interface Task {
        void run(int thread) throws Exception;
    }

    /** Runs {@code threads} tasks released at the same instant; rethrows the first failure. */
    private static void runTogether(int threads, Task task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CyclicBarrier gate = new CyclicBarrier(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                futures.add(executor.submit(() -> {
                    gate.await();
                    task.run(index);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static Set<UUID> ids(long from, long to) {
        Set<UUID> ids = new HashSet<>();
        for (long n = from; n < to; n++) {
            ids.add(id(n));
        }
        return ids;
    }

    private static List<BackupManifest> query(PostgresBackupRegistry registry, BackupQuery query) {
        try (Stream<BackupManifest> found = registry.query(query)) {
            return found.toList();
        }
    }

    private static List<String> tables(String schema) throws SQLException {
        return strings("SELECT table_name FROM information_schema.tables WHERE table_schema = ?", schema);
    }

    private static List<Integer> versions(String schema, String table) throws SQLException {
        return strings("SELECT version::text FROM " + schema + "." + table + "_schema ORDER BY version").stream()
                .map(Integer::valueOf).toList();
    }

    private static List<String> strings(String sql, String... values) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setString(i + 1, values[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
