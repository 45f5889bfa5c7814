package io.esbackup.postgres;

import static io.esbackup.postgres.TestManifests.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which index each filter's query can use, as docs/ARCHITECTURE.md (section 8f) states it: the planner is
 * asked with sequential scans priced out, so a filter no index serves would still show a sequential scan. How
 * fast the queries are is measured in the bench module, not here.
 */
@ExtendWith(PostgresServer.class)
class PostgresIndexTest {
    private static final RegistrySchema SCHEMA = new RegistrySchema(PostgresServer.uniqueSchema("plans"), "backups");
    private static DataSource dataSource;

    @BeforeAll
    static void createTables() {
        dataSource = PostgresServer.shared().dataSource();
        new PostgresBackupRegistry(dataSource, SCHEMA.schema, SCHEMA.table).find(TestManifests.id(0));
    }

    @Test
    void eachFilterHasAnIndex() throws SQLException {
        assertThat(plan(BackupQuery.builder().objectName("Order").build())).contains("backups_by_object");
        assertThat(plan(BackupQuery.builder().objectName("Order").objectId("o-1").createdAfter(T0)
                .createdBefore(T0.plusSeconds(60)).build())).contains("backups_by_object")
                // Both bounds of the range are conditions of the index scan, not filters of its rows.
                .contains("Index Cond: ((object_name = 'Order'::text) AND (object_id = 'o-1'::text) AND "
                        + "(ROW(created_at, created_nanos) >= ROW(").contains("AND (ROW(created_at, created_nanos) < ROW(");
        assertThat(plan(BackupQuery.builder().createdAfter(T0).build())).contains("backups_by_created");
        assertThat(plan(BackupQuery.builder().location("archive/2026").build())).contains("backups_by_location");
        assertThat(plan(BackupQuery.builder().tag("env", "prod").tag("tier", "gold").build()))
                .contains("backups_by_tags");
        // No registry query filters by expiry (the service decides it with its clock); clean-up by SQL can.
        assertThat(plan("SELECT backup_id FROM " + SCHEMA.entries + " WHERE expires_at <= now()"))
                .contains("backups_by_expiry");
        assertThat(plan(BackupQuery.builder().includeExpired(true).build())).contains("Seq Scan");
    }

    private static String plan(BackupQuery query) throws SQLException {
        QueryFilter filter = new QueryFilter(query);
        return plan("SELECT manifest FROM " + SCHEMA.entries + filter.sql(), filter);
    }

    private static String plan(String sql) throws SQLException {
        return plan(sql, null);
    }

    private static String plan(String sql, QueryFilter filter) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL enable_seqscan = off");
            }
            List<String> lines = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("EXPLAIN " + sql)) {
                if (filter != null) {
                    filter.bind(s);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
            c.rollback();
            return String.join("\n", lines);
        }
    }
}
