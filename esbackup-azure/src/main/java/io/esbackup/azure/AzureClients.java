package io.esbackup.azure;

import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;
import java.util.Base64;

/**
 * Builds {@link BlobServiceClient}s with esbackup's retry policy. The SDK retries what may succeed on a
 * second try (408, 429, 500, 502, 503, 504, I/O errors and timeouts); what is left after the last try
 * reaches {@link AzureBlobStore} and becomes a {@code TransientStorageException}.
 *
 * <p>The limits ({@link #retryOptions()}): at most {@value #MAX_TRIES} tries per request, exponential
 * back-off from {@value #RETRY_DELAY_MS} ms up to {@value #MAX_RETRY_DELAY_MS} ms between tries, and
 * {@value #TRY_TIMEOUT_SECONDS} s for one try (one block of {@link AzureBlobStore#BLOCK_SIZE} bytes at
 * about 70 KB/s). A request that keeps failing therefore gives up after about 9 s of waiting
 * (0.8 + 2.4 + 5.6 s) plus its tries.
 */
public final class AzureClients {
    public static final int MAX_TRIES = 4;
    public static final long RETRY_DELAY_MS = 800;
    public static final long MAX_RETRY_DELAY_MS = 8_000;
    public static final int TRY_TIMEOUT_SECONDS = 60;

    private AzureClients() {}

    /** The retry options every client built here uses. */
    public static RequestRetryOptions retryOptions() {
        return new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, MAX_TRIES,
                Duration.ofSeconds(TRY_TIMEOUT_SECONDS), Duration.ofMillis(RETRY_DELAY_MS),
                Duration.ofMillis(MAX_RETRY_DELAY_MS), null);
    }

    /**
     * A client for the account a connection string names (as in {@code AZURE_STORAGE_CONNECTION_STRING}).
     * A malformed string is an {@link IllegalArgumentException} that does not repeat the string, since it
     * holds the account key or a SAS token.
     */
    public static BlobServiceClient fromConnectionString(String connectionString) {
        checkConnectionString(connectionString);
        try {
            return new BlobServiceClientBuilder().connectionString(connectionString).retryOptions(retryOptions())
                    .buildClient();
        } catch (RuntimeException e) {
            // The SDK's message may quote the string; keep neither the message nor the cause.
            throw new IllegalArgumentException("the Azure connection string is not valid ("
                    + e.getClass().getSimpleName() + "); expected DefaultEndpointsProtocol=...;AccountName=...;"
                    + "AccountKey=... or BlobEndpoint=...;SharedAccessSignature=...");
        }
    }

    /**
     * A Table service client for the account a connection string names (its {@code TableEndpoint}, or the
     * account's default one), with the same limits as the blob clients. A malformed string is an
     * {@link IllegalArgumentException} that does not repeat it.
     */
    public static TableServiceClient tablesFromConnectionString(String connectionString) {
        checkConnectionString(connectionString);
        RetryOptions retries = new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(MAX_TRIES - 1)
                .setBaseDelay(Duration.ofMillis(RETRY_DELAY_MS)).setMaxDelay(Duration.ofMillis(MAX_RETRY_DELAY_MS)));
        try {
            return new TableServiceClientBuilder().connectionString(connectionString).retryOptions(retries)
                    .buildClient();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the Azure connection string is not valid for Table storage ("
                    + e.getClass().getSimpleName() + "); expected DefaultEndpointsProtocol=...;AccountName=...;"
                    + "AccountKey=... or TableEndpoint=...;SharedAccessSignature=...");
        }
    }

    /**
     * Fails if the string is blank or its account key is not Base64: the SDK decodes the key only at the first
     * request, and then fails with a bare Base64 error; here the error can say what is wrong without the key.
     */
    private static void checkConnectionString(String connectionString) {
        if (connectionString == null || connectionString.isBlank()) {
            throw new IllegalArgumentException("connection string must not be blank");
        }
        for (String part : connectionString.split(";")) {
            if (part.startsWith("AccountKey=")) {
                try {
                    Base64.getDecoder().decode(part.substring("AccountKey=".length()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the Azure connection string is not valid: its AccountKey is"
                            + " not Base64 (the key is not shown)");
                }
            }
        }
    }
}
