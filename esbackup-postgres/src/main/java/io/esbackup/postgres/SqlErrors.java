package io.esbackup.postgres;

import io.esbackup.error.BackupException;
import io.esbackup.error.TransientStorageException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Translates a JDBC failure into esbackup's errors by its SQLSTATE (never by its text): a lost or refused
 * connection, a server shutting down or starting, too many connections, a serialization failure or deadlock is
 * a {@link TransientStorageException}; anything else a {@link BackupException}. The message names the operation
 * and the table; the password, where one is known, is replaced in it.
 */
final class SqlErrors {
    /** SQLSTATEs (or their two-character classes) that a retry may get past. */
    private static final Set<String> TRANSIENT = Set.of(
            "08", // connection exception: refused, lost, could not be made
            "53", // insufficient resources: too many connections, out of memory or disk
            "57P01", "57P02", "57P03", // admin shutdown, crash shutdown, cannot connect now
            "40001", "40P01"); // serialization failure, deadlock detected

    private SqlErrors() {}

    static BackupException translate(String operation, RegistrySchema schema, String secret, SQLException e) {
        String message = "PostgreSQL registry " + schema + ": " + operation + " failed: " + describe(e);
        if (secret != null && !secret.isEmpty()) {
            message = message.replace(secret, "***");
        }
        return isTransient(e) ? new TransientStorageException(message, e) : new BackupException(message, e);
    }

    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        if (state != null) {
            return TRANSIENT.contains(state) || state.length() >= 2 && TRANSIENT.contains(state.substring(0, 2));
        }
        // A pool's timeout waiting for a connection carries no state, only its type.
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException;
    }

    private static String describe(SQLException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getSQLState() == null ? text : text + " (SQLSTATE " + e.getSQLState() + ")";
    }
}
