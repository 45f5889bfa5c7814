package io.esbackup.postgres;

import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ManifestCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A query's manifests read lazily from a server-side cursor: with auto-commit off, PostgreSQL's driver fetches
 * {@link PostgresBackupRegistry#FETCH_SIZE} rows per round trip instead of the whole result. Closing the stream
 * closes the result, the statement, ends the read-only transaction and gives the connection back.
 */
final class RowStream implements Spliterator<BackupManifest> {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final Function<SQLException, RuntimeException> translate;

    private RowStream(Connection connection, PreparedStatement statement, ResultSet rows,
                      Function<SQLException, RuntimeException> translate) {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.translate = translate;
    }

    /**
     * Runs {@code sql} with {@code filter}'s values on {@code connection} and streams the manifests of its first
     * column; the stream owns the connection from here on, even when this throws.
     */
    static Stream<BackupManifest> open(Connection connection, String sql, QueryFilter filter,
                                       Function<SQLException, RuntimeException> translate) throws SQLException {
        PreparedStatement statement = null;
        try {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(PostgresBackupRegistry.FETCH_SIZE);
            filter.bind(statement);
            RowStream rows = new RowStream(connection, statement, statement.executeQuery(), translate);
            return StreamSupport.stream(rows, false).onClose(rows::close);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(statement, e);
            throw e;
        }
    }

    @Override
    public boolean tryAdvance(Consumer<? super BackupManifest> action) {
        BackupManifest next;
        try {
            if (!rows.next()) {
                return false;
            }
            next = ManifestCodec.fromBytes(rows.getBytes(1));
        } catch (SQLException e) {
            throw translate.apply(e);
        }
        action.accept(next);
        return true;
    }

    @Override
    public Spliterator<BackupManifest> trySplit() {
        return null;
    }

    @Override
    public long estimateSize() {
        return Long.MAX_VALUE;
    }

    @Override
    public int characteristics() {
        return Spliterator.ORDERED | Spliterator.NONNULL;
    }

    /**
     * Closes everything, each step even when one before it failed (the server may have gone away), so the
     * connection always goes back; nothing a reader could act on is lost by not reporting those failures.
     */
    private void close() {
        for (AutoCloseable step : new AutoCloseable[] {rows, statement, connection::rollback,
                () -> connection.setReadOnly(false), () -> connection.setAutoCommit(true), connection}) {
            try {
                step.close();
            } catch (Exception ignored) {
                // the next step still runs
            }
        }
    }

    /** Closes {@code resource} after {@code failure}, recording a failure to close on it. */
    static void closeQuietly(AutoCloseable resource, Exception failure) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
