package io.esbackup.locations;

import io.esbackup.blob.BlobStore;
import io.esbackup.blob.RetryPolicy;
import io.esbackup.blob.RetryingBlobStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The operation-level retries put over remote blob stores (Azure, S3): a {@link RetryingBlobStore} with
 * {@link #POLICY}. The Azure SDK already retries each HTTP request ({@code AzureClients.retryOptions()}: 4 tries
 * within about 6 s), cheaply and block by block, so this layer is kept small so as not to multiply it: 2
 * attempts, the second after 5 to 10 s. It covers what the SDK cannot: an outage longer than the SDK's tries, a
 * write whose stream failed part-way (re-run whole), a listing whose first page failed. At most 8 requests per
 * operation, not the 20 two default layers make. Local folders are not wrapped: {@code LocalBlobStore} never
 * throws a {@code TransientStorageException} (a full disk is not fixed by waiting), so a retry layer there would
 * never act.
 */
public final class Retries {
    public static final RetryPolicy POLICY = new RetryPolicy(2, Duration.ofSeconds(10), Duration.ofSeconds(10));

    private final RetryPolicy policy;
    private final RetryingBlobStore.Sleeper sleeper;
    private final RandomGenerator random;

    /**
     * @param random the jitter's generator; every store wrapped here draws from it, from any thread, so it must
     *               be thread-safe
     */
    public Retries(RetryPolicy policy, RetryingBlobStore.Sleeper sleeper, RandomGenerator random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * {@link #POLICY} with real waits. The jitter comes from a {@link Random}, which is thread-safe (the JDK's
     * default generator is not), since a bulk run's workers share these stores.
     */
    public static Retries standard() {
        return new Retries(POLICY, RetryingBlobStore.Sleeper.THREAD, new Random());
    }

    public BlobStore wrap(BlobStore blobs) {
        return new RetryingBlobStore(blobs, policy, sleeper, random);
    }
}
