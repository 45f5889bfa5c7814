package io.esbackup.postgres;

import io.esbackup.error.BackupException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The registry's tables, their names, and their migration. The entries live in {@code TABLE}; the versions
 * applied to it, one row each, in {@code TABLE_schema}. {@link #migrate} brings both to {@link #VERSION} in
 * one transaction that first takes a transaction-scoped advisory lock on the table's name, so processes that
 * start at once wait for each other instead of racing on {@code CREATE ... IF NOT EXISTS} (which can still
 * fail with a duplicate key when two run it at the same instant).
 */
final class RegistrySchema {
    /** The schema version this code writes and reads. */
    static final int VERSION = 1;
    /** Leaves room for the longest suffix ({@code _by_location}) within PostgreSQL's 63-byte names. */
    static final int MAX_TABLE_LENGTH = 48;
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    /** Names this lock space (the first key of the two-key advisory lock): "esbr". */
    private static final int LOCK_SPACE = 0x65736272;

    final String schema;
    final String table;
    /** The entries table, schema-qualified and quoted where a schema is given. */
    final String entries;
    final String versions;

    RegistrySchema(String schema, String table) {
        if (schema != null) {
            requireIdentifier("schema", schema, 63);
        }
        requireIdentifier("table", table, MAX_TABLE_LENGTH);
        this.schema = schema;
        this.table = table;
        String prefix = schema == null ? "" : quote(schema) + ".";
        this.entries = prefix + quote(table);
        this.versions = prefix + quote(table + "_schema");
    }

    /** Version 1: one row per backup, a column per query filter, the manifest's JSON as written. */
    private List<String> version1() {
        return List.of(
                "CREATE TABLE " + entries + " ("
                        + "backup_id uuid PRIMARY KEY, "
                        + "object_name text NOT NULL, "
                        + "object_id text NOT NULL, "
                        + "location text, "
                        // timestamptz holds microseconds; created_nanos keeps the rest, so ranges stay exact.
                        + "created_at timestamptz NOT NULL, "
                        + "created_nanos smallint NOT NULL CHECK (created_nanos BETWEEN 0 AND 999), "
                        + "expires_at timestamptz, "
                        + "tags jsonb NOT NULL, "
                        + "manifest bytea NOT NULL)",
                "CREATE INDEX " + quote(table + "_by_object") + " ON " + entries
                        + " (object_name, object_id, created_at, created_nanos)",
                "CREATE INDEX " + quote(table + "_by_created") + " ON " + entries + " (created_at, created_nanos)",
                "CREATE INDEX " + quote(table + "_by_expiry") + " ON " + entries + " (expires_at)"
                        + " WHERE expires_at IS NOT NULL",
                "CREATE INDEX " + quote(table + "_by_location") + " ON " + entries + " (location)"
                        + " WHERE location IS NOT NULL",
                "CREATE INDEX " + quote(table + "_by_tags") + " ON " + entries + " USING gin (tags jsonb_path_ops)");
    }

    /** The migrations, in order: element {@code i} brings the schema from version {@code i} to {@code i + 1}. */
    private List<List<String>> migrations() {
        return List.of(version1());
    }

    /**
     * Creates or upgrades the tables to {@link #VERSION} on {@code connection}, in a transaction of its own
     * (the caller closes the connection afterwards); returns the version found before.
     *
     * @throws BackupException if the database holds a version newer than this code knows
     */
    int migrate(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, LOCK_SPACE);
                lock.setInt(2, (schema + "." + table).hashCode());
                lock.execute();
            }
            try (Statement s = connection.createStatement()) {
                if (schema != null) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
                }
                s.execute("CREATE TABLE IF NOT EXISTS " + versions + " (version integer PRIMARY KEY)");
                int found = 0;
                try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM " + versions)) {
                    rs.next();
                    found = rs.getInt(1);
                }
                if (found > VERSION) {
                    throw new BackupException("the registry table " + entries + " has schema version " + found
                            + ", newer than this esbackup knows (" + VERSION + "): upgrade esbackup");
                }
                List<List<String>> migrations = migrations();
                for (int v = found; v < VERSION; v++) {
                    for (String sql : migrations.get(v)) {
                        s.execute(sql);
                    }
                    s.execute("INSERT INTO " + versions + " (version) VALUES (" + (v + 1) + ")");
                }
                connection.commit();
                return found;
            }
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        }
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return entries;
    }

    private static void requireIdentifier(String argument, String value, int maxLength) {
        if (value == null || !IDENTIFIER.matcher(value).matches() || value.length() > maxLength) {
            throw new IllegalArgumentException(argument + " must be 1 to " + maxLength + " lower-case letters, digits"
                    + " or '_', not starting with a digit, was " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier + '"';
    }
}
