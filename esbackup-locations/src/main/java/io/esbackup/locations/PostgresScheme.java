package io.esbackup.locations;

import io.esbackup.backup.BackupRegistry;
import io.esbackup.postgres.PostgresBackupRegistry;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * {@code postgresql:} registries. {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=S&table=T]} opens a
 * pool of its own, the password from the URL or {@code PGPASSWORD}; the URL is never shown with its password or
 * query. Where an application's {@link DataSource} is given ({@link StoreLocations.Builder#dataSource}),
 * {@code postgresql:} without a host, optionally {@code postgresql:?schema=S&table=T}, uses it: the pool is the
 * application's and closing the registry leaves it open. A URL with a host always means that server, never the
 * application's, since silently writing to another database than the one named would be worse than failing.
 */
final class PostgresScheme {
    private static final String OWN_FORM = "postgresql:[?schema=S&table=T] (the application's DataSource)";

    private PostgresScheme() {}

    /** The scheme; {@code dataSource} ({@code null}: none) gives the application's database. */
    static StoreLocations.Scheme<BackupRegistry> registry(Supplier<DataSource> dataSource) {
        return new StoreLocations.Scheme<>() {
            @Override
            public BackupRegistry open(Location location, Path workingDirectory) {
                try {
                    if (dataSource == null || location.rest().startsWith("//")) {
                        return PostgresBackupRegistry.fromUrl(location.text());
                    }
                    Table table = own(location);
                    DataSource database = dataSource.get();
                    if (database == null) {
                        throw new IllegalArgumentException("postgresql: without a host uses the application's "
                                + "DataSource, and it has none; give postgresql://USER[:PASSWORD]@HOST[:PORT]/DB");
                    }
                    return new PostgresBackupRegistry(database, table.schema(), table.name());
                } catch (IllegalArgumentException e) {
                    // Its message names what is wrong without the password.
                    throw new IllegalArgumentException(location.option() + ": " + e.getMessage());
                }
            }

            @Override
            public void check(Location location, Path workingDirectory) {
                // A URL with a host is checked when opened, which connects to nothing yet.
                if (dataSource != null && !location.rest().startsWith("//")) {
                    try {
                        own(location);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(location.option() + ": " + e.getMessage());
                    }
                }
            }
        };
    }

    /** A table in a schema ({@code null}: the connection's current one). */
    private record Table(String schema, String name) {}

    /** The table {@code postgresql:[?schema=S&table=T]} names. */
    private static Table own(Location location) {
        String rest = location.rest();
        String schema = null;
        String table = PostgresBackupRegistry.DEFAULT_TABLE;
        if (!rest.isEmpty() && !rest.startsWith("?")) {
            throw new IllegalArgumentException("expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=S&table=T]"
                    + " or " + OWN_FORM);
        }
        for (String pair : rest.length() <= 1 ? new String[0] : rest.substring(1).split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            switch (name) {
                case "schema" -> schema = value;
                case "table" -> table = value;
                default -> throw new IllegalArgumentException("unknown parameter '" + name + "'; known: schema, "
                        + "table, as in " + OWN_FORM);
            }
        }
        return new Table(schema, table);
    }
}
