package io.esbackup.blob;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How a {@link RetryingBlobStore} retries: at most {@code maxAttempts} attempts in all (the first
 * included), waiting between them with exponential backoff and jitter. Before retry {@code n} (1 for the
 * second attempt) the cap is {@code min(maxDelay, baseDelay * 2^(n-1))} and the wait is drawn uniformly
 * between half the cap and the cap ("equal jitter"), so retries of many callers spread out but never
 * come sooner than half the backoff.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param baseDelay   the cap before the first retry, zero or positive
 * @param maxDelay    the largest cap, at least {@code baseDelay}
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    /** 5 attempts, 100 ms doubling up to 5 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseDelay == null || baseDelay.isNegative()) {
            throw new IllegalArgumentException("baseDelay must be zero or positive, was " + baseDelay);
        }
        if (maxDelay == null || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least baseDelay, was " + maxDelay);
        }
    }

    /** The largest wait before retry {@code retry} (1 for the second attempt). */
    public Duration cap(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be at least 1, was " + retry);
        }
        long base = baseDelay.toNanos();
        long max = maxDelay.toNanos();
        int shift = Math.min(retry - 1, 62);
        long cap = base > (max >> shift) ? max : Math.min(max, base << shift);
        return Duration.ofNanos(cap);
    }

    /** The wait before retry {@code retry}: between half of {@link #cap} and the cap, drawn from {@code random}. */
    public Duration delay(int retry, RandomGenerator random) {
        long cap = cap(retry).toNanos();
        long half = cap / 2;
        long jitter = cap - half == 0 ? 0 : random.nextLong(cap - half + 1);
        return Duration.ofNanos(half + jitter);
    }
}
