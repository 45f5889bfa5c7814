package io.esbackup.cli;

import io.esbackup.blob.BlobStore;
import io.esbackup.blob.RetryPolicy;
import io.esbackup.blob.RetryingBlobStore;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The operation-level retries the command line puts over remote blob stores (Azure): a
 * {@link RetryingBlobStore} with {@link #POLICY}. The Azure SDK already retries each HTTP request
 * ({@code AzureClients.retryOptions()}: 4 tries within about 6 s), cheaply and block by block, so this layer
 * is kept small so as not to multiply it: 2 attempts, the second after 5 to 10 s. It covers what the SDK
 * cannot: an outage longer than the SDK's tries, a write whose stream failed part-way (re-run whole), a
 * listing whose first page failed. At most 8 requests per operation, not the 20 two default layers make.
 * Local folders are not wrapped: {@code LocalBlobStore} never throws a {@code TransientStorageException}
 * (a full disk is not fixed by waiting), so a retry layer there would never act.
 */
final class Retries {
    static final RetryPolicy POLICY = new RetryPolicy(2, Duration.ofSeconds(10), Duration.ofSeconds(10));

    private final RetryPolicy policy;
    private final RetryingBlobStore.Sleeper sleeper;
    private final RandomGenerator random;

    Retries(RetryPolicy policy, RetryingBlobStore.Sleeper sleeper, RandomGenerator random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** {@link #POLICY} with real waits; the jitter's generator is shared by a bulk run's workers. */
    static Retries standard() {
        return new Retries(POLICY, RetryingBlobStore.Sleeper.THREAD, LockedRandom.of(RandomGenerator.getDefault()));
    }

    BlobStore wrap(BlobStore blobs) {
        return new RetryingBlobStore(blobs, policy, sleeper, random);
    }
}
