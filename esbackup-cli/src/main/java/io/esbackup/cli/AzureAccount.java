package io.esbackup.cli;

import com.azure.data.tables.TableServiceClient;
import com.azure.storage.blob.BlobServiceClient;
import io.esbackup.azure.AzureClients;
import java.util.function.Function;

/**
 * The Azure Storage account {@code azure:} locations use: {@code --azure-connection-string}, else the
 * environment's {@code AZURE_STORAGE_CONNECTION_STRING}. The connection string holds the account key, so
 * it never appears in output, errors or logs.
 */
final class AzureAccount {
    static final String VARIABLE = "AZURE_STORAGE_CONNECTION_STRING";

    private final Function<String, String> environment;
    private String given;
    private BlobServiceClient client;
    private TableServiceClient tables;

    AzureAccount(Function<String, String> environment) {
        this.environment = environment;
    }

    /** The connection string given on the command line, which wins over the environment. */
    void give(String connectionString) {
        this.given = connectionString;
        this.client = null;
        this.tables = null;
    }

    /** The connection string itself, for a child process's environment (never for output). */
    java.util.Optional<String> connectionString() {
        String connection = given != null ? given : environment.apply(VARIABLE);
        return connection == null || connection.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(connection);
    }

    /** A client for the account's Blob service, made once; {@code location} names the option in errors. */
    synchronized BlobServiceClient client(Location location) {
        if (client == null) {
            client = make(location, AzureClients::fromConnectionString);
        }
        return client;
    }

    /** A client for the account's Table service (its {@code TableEndpoint}), made once. */
    synchronized TableServiceClient tables(Location location) {
        if (tables == null) {
            tables = make(location, AzureClients::tablesFromConnectionString);
        }
        return tables;
    }

    private <T> T make(Location location, Function<String, T> build) {
        String connection = given != null ? given : environment.apply(VARIABLE);
        if (connection == null || connection.isBlank()) {
            throw new UsageException(location.option() + ": " + location.scheme() + ": needs an account; set "
                    + VARIABLE + " or give --azure-connection-string");
        }
        try {
            return build.apply(connection);
        } catch (RuntimeException e) {
            // The SDK's message may quote the string, and with it the key: say only what is wrong.
            throw new UsageException(location.option() + ": the Azure connection string (from "
                    + (given != null ? "--azure-connection-string" : VARIABLE) + ") is not valid; it is "
                    + "not shown because it holds the account key");
        }
    }
}
