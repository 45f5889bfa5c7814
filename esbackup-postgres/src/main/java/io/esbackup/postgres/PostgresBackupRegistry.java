package io.esbackup.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ManifestCodec;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.error.BackupException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A {@link BackupRegistry} in a PostgreSQL table: one row per backup id, a column for each {@link BackupQuery}
 * filter with an index for it, and the manifest's JSON as {@link ManifestCodec} wrote it, which {@link #find} and
 * {@link #query} give back. The tables are created (or migrated) on first use, in a transaction that holds an
 * advisory lock, so processes that start together do not race; the version is recorded in
 * {@code TABLE_schema}. Writes are single-row statements (an upsert, a delete), so concurrent writers never
 * lose each other's entries. docs/ARCHITECTURE.md, section 8f, describes the schema and its indexes.
 *
 * <p>Failures are {@link io.esbackup.error.TransientStorageException}s when the connection fails (or the
 * server shuts down, or a pool waits too long for a connection) and {@link BackupException}s otherwise; their
 * messages name the operation and never the password. {@link #close()} closes the pool that
 * {@link #fromUrl(String)} made, never a {@link DataSource} the caller gave.
 */
public final class PostgresBackupRegistry implements BackupRegistry, AutoCloseable {
    /** The table's name when none is given. */
    public static final String DEFAULT_TABLE = "esbackup_registry";
    /** Rows fetched per round trip while a query's stream is read. */
    static final int FETCH_SIZE = 256;

    private static final String COLUMNS = "backup_id, object_name, object_id, location, created_at, created_nanos, "
            + "expires_at, tags, manifest";

    private final DataSource dataSource;
    private final RegistrySchema schema;
    private final HikariDataSource ownedPool;
    private final String shownLocation;
    private final String secret;
    private volatile boolean migrated;

    /** A registry in table {@value #DEFAULT_TABLE} of the connection's current schema (its search path's first). */
    public PostgresBackupRegistry(DataSource dataSource) {
        this(dataSource, null, DEFAULT_TABLE);
    }

    /**
     * A registry in {@code schema.table} of the database {@code dataSource} connects to; the schema and the
     * tables are created on first use.
     *
     * @param dataSource connections to the database: an application's own pool will do; it needs at least two
     *                   connections for a caller that writes while it reads a query
     * @param schema     a schema name (lower-case letters, digits, '_'), or {@code null} for the current schema
     * @param table      a table name of up to {@value RegistrySchema#MAX_TABLE_LENGTH} such characters; the
     *                   version table is {@code table + "_schema"}
     */
    public PostgresBackupRegistry(DataSource dataSource, String schema, String table) {
        this(requireDataSource(dataSource), new RegistrySchema(schema, table), null, null, null);
    }

    private PostgresBackupRegistry(DataSource dataSource, RegistrySchema schema, HikariDataSource ownedPool,
                                   String shownLocation, String secret) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.ownedPool = ownedPool;
        this.shownLocation = shownLocation;
        this.secret = secret;
    }

    /**
     * A registry over a HikariCP pool of its own, from {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB}
     * with optional {@code ?schema=S&table=T} parameters; without a password in the URL, {@code PGPASSWORD}'s.
     * Nothing connects until the first call. Close the registry to close the pool.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code url}, never quoting its password
     */
    public static PostgresBackupRegistry fromUrl(String url) {
        return fromUrl(url, System::getenv, config -> { });
    }

    /** {@link #fromUrl(String)} with the environment given and the pool's settings adjusted by {@code tune}. */
    static PostgresBackupRegistry fromUrl(String url, UnaryOperator<String> environment, Consumer<HikariConfig> tune) {
        PostgresUrl parsed = PostgresUrl.parse(url, environment);
        RegistrySchema schema = new RegistrySchema(parsed.schema, parsed.table);
        PGSimpleDataSource driver = new PGSimpleDataSource();
        driver.setServerNames(new String[] {parsed.host});
        driver.setPortNumbers(new int[] {parsed.port});
        driver.setDatabaseName(parsed.database);
        driver.setUser(parsed.user);
        driver.setPassword(parsed.password);
        driver.setApplicationName("esbackup");
        HikariConfig config = new HikariConfig();
        config.setDataSource(driver);
        config.setPoolName("esbackup-registry");
        // Connect on first use, not here: a bad password then fails the call that needed it, translated.
        config.setInitializationFailTimeout(-1);
        // A server that does not answer fails a command in seconds, not after the pool's default half minute.
        config.setConnectionTimeout(10_000);
        tune.accept(config);
        HikariDataSource pool = new HikariDataSource(config);
        return new PostgresBackupRegistry(pool, schema, pool, parsed.toString(), parsed.password);
    }

    @Override
    public void record(BackupManifest manifest) {
        UUID id = BackupRegistry.requireRecordable(manifest);
        if (!Columns.inRange(manifest.createdAt())) {
            throw new IllegalArgumentException("manifest.createdAt must be in the years 1 to 9999 for a PostgreSQL "
                    + "registry, was " + manifest.createdAt());
        }
        if (!Columns.storable(manifest.tags())) {
            throw new IllegalArgumentException("manifest.tags must not contain U+0000 for a PostgreSQL registry");
        }
        byte[] json = ManifestCodec.toBytes(manifest);
        String sql = "INSERT INTO " + schema.entries + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
                + " ON CONFLICT (backup_id) DO UPDATE SET object_name = EXCLUDED.object_name, "
                + "object_id = EXCLUDED.object_id, location = EXCLUDED.location, created_at = EXCLUDED.created_at, "
                + "created_nanos = EXCLUDED.created_nanos, expires_at = EXCLUDED.expires_at, tags = EXCLUDED.tags, "
                + "manifest = EXCLUDED.manifest";
        run("recording backup " + id, connection -> {
            try (PreparedStatement s = connection.prepareStatement(sql)) {
                s.setObject(1, id);
                s.setString(2, manifest.objectName());
                s.setString(3, manifest.objectId());
                s.setString(4, manifest.location());
                s.setObject(5, Columns.micros(manifest.createdAt()));
                s.setShort(6, Columns.nanos(manifest.createdAt()));
                s.setObject(7, Columns.expiry(manifest.expiresAt()));
                s.setString(8, Columns.tagsJson(manifest.tags()));
                s.setBytes(9, json);
                s.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public boolean remove(UUID backupId) {
        requireId(backupId);
        return run("removing backup " + backupId, connection -> {
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM " + schema.entries
                    + " WHERE backup_id = ?")) {
                s.setObject(1, backupId);
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<BackupManifest> find(UUID backupId) {
        requireId(backupId);
        return run("finding backup " + backupId, connection -> {
            try (PreparedStatement s = connection.prepareStatement("SELECT manifest FROM " + schema.entries
                    + " WHERE backup_id = ?")) {
                s.setObject(1, backupId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(ManifestCodec.fromBytes(rs.getBytes(1))) : Optional.empty();
                }
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>The stream holds a connection, in a read-only transaction that fetches {@value #FETCH_SIZE} rows at a
     * time, until it is closed. It reads one snapshot: entries recorded or removed meanwhile do not change it.
     */
    @Override
    public Stream<BackupManifest> query(BackupQuery query) {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        QueryFilter filter = new QueryFilter(query);
        String operation = "querying backups";
        ensureMigrated(operation);
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            return RowStream.open(connection, "SELECT manifest FROM " + schema.entries + filter.sql(), filter,
                    e -> SqlErrors.translate(operation, schema, secret, e));
        } catch (SQLException e) {
            RowStream.closeQuietly(connection, e);
            throw SqlErrors.translate(operation, schema, secret, e);
        } catch (RuntimeException e) {
            RowStream.closeQuietly(connection, e);
            throw e;
        }
    }

    /** Closes the pool {@link #fromUrl(String)} made; a {@link DataSource} the caller gave stays open. */
    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    /** The table, and the database where {@link #fromUrl(String)} made this registry; never the password. */
    @Override
    public String toString() {
        return "PostgresBackupRegistry[" + (shownLocation == null ? "" : shownLocation + " ") + schema + "]";
    }

    @FunctionalInterface
    private interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T run(String operation, Work<T> work) {
        ensureMigrated(operation);
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw SqlErrors.translate(operation, schema, secret, e);
        }
    }

    /** Creates or migrates the tables once per registry; a failed attempt is tried again by the next call. */
    private void ensureMigrated(String operation) {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (migrated) {
                return;
            }
            try (Connection connection = dataSource.getConnection()) {
                boolean autoCommit = connection.getAutoCommit();
                try {
                    schema.migrate(connection);
                } finally {
                    connection.setAutoCommit(autoCommit);
                }
            } catch (SQLException e) {
                throw SqlErrors.translate(operation + " (creating the registry's tables)", schema, secret, e);
            }
            migrated = true;
        }
    }

    private static DataSource requireDataSource(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource must not be null");
        }
        return dataSource;
    }

    private static void requireId(UUID backupId) {
        if (backupId == null) {
            throw new IllegalArgumentException("backupId must not be null");
        }
    }
}
