package io.esbackup.locations;

import com.azure.data.tables.TableServiceClient;
import com.azure.storage.blob.BlobServiceClient;
import io.esbackup.azure.AzureClients;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Azure Storage account {@code azure:} locations use. In order: a connection string {@link #give given}
 * (the command line's {@code --azure-connection-string}, the starter's {@code esbackup.azure.connection-string}),
 * else an application's own clients ({@link #useClients}), else the environment's
 * {@code AZURE_STORAGE_CONNECTION_STRING}. The connection string holds the account key, so it never appears in
 * output, errors or logs.
 */
public final class AzureAccount {
    public static final String VARIABLE = "AZURE_STORAGE_CONNECTION_STRING";

    private final Function<String, String> environment;
    private final String option;
    private String given;
    private Supplier<BlobServiceClient> ownBlobs;
    private Supplier<TableServiceClient> ownTables;
    private BlobServiceClient client;
    private TableServiceClient tables;

    /**
     * @param environment where {@value #VARIABLE} is read
     * @param option      what a connection string is {@link #give given} as, for messages ({@code null}: none is)
     */
    public AzureAccount(Function<String, String> environment, String option) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.option = option;
    }

    /** The connection string given as the option, which wins over the application's clients and the environment. */
    public synchronized void give(String connectionString) {
        this.given = connectionString;
        this.client = null;
        this.tables = null;
    }

    /**
     * An application's own clients, used when no connection string was {@link #give given}; each supplier is asked
     * when a location first needs it and may give {@code null} (there is none: the environment's account then).
     */
    public synchronized void useClients(Supplier<BlobServiceClient> blobs, Supplier<TableServiceClient> tables) {
        this.ownBlobs = Objects.requireNonNull(blobs, "blobs");
        this.ownTables = Objects.requireNonNull(tables, "tables");
        this.client = null;
        this.tables = null;
    }

    /** The connection string itself, for a child process's environment (never for output). */
    public Optional<String> connectionString() {
        String connection = given != null ? given : environment.apply(VARIABLE);
        return connection == null || connection.isBlank() ? Optional.empty() : Optional.of(connection);
    }

    /** A client for the account's Blob service, found once; {@code location} names the option in errors. */
    public synchronized BlobServiceClient client(Location location) {
        if (client == null) {
            client = given == null && ownBlobs != null ? ownBlobs.get() : null;
        }
        if (client == null) {
            client = make(location, AzureClients::fromConnectionString, "BlobServiceClient");
        }
        return client;
    }

    /** A client for the account's Table service (its {@code TableEndpoint}), found once. */
    public synchronized TableServiceClient tables(Location location) {
        if (tables == null) {
            tables = given == null && ownTables != null ? ownTables.get() : null;
        }
        if (tables == null) {
            tables = make(location, AzureClients::tablesFromConnectionString, "TableServiceClient");
        }
        return tables;
    }

    private <T> T make(Location location, Function<String, T> build, String clientType) {
        String connection = given != null ? given : environment.apply(VARIABLE);
        if (connection == null || connection.isBlank()) {
            throw new IllegalArgumentException(location.option() + ": " + location.scheme() + ": needs an account; set "
                    + VARIABLE + (option == null ? "" : " or give " + option)
                    + (ownBlobs == null ? "" : ", or give the application a " + clientType + " of its own"));
        }
        try {
            return build.apply(connection);
        } catch (RuntimeException e) {
            // The SDK's message may quote the string, and with it the key: say only what is wrong.
            throw new IllegalArgumentException(location.option() + ": the Azure connection string (from "
                    + (given == null ? VARIABLE : option != null ? option : "the given one") + ") is not valid; it is "
                    + "not shown because it holds the account key");
        }
    }
}
