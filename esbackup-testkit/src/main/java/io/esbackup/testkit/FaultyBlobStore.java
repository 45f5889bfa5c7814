package io.esbackup.testkit;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.TransientStorageException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} wrapper that fails, delays or cuts off calls on demand, so every retry and recovery
 * path can be tested against a real store.
 *
 * <p>Faults are set per {@link BlobOp}: fail given calls (numbered from 1 since this wrapper was made),
 * fail each call with a probability, or delay each call. Writes can also be cut off after a number of
 * bytes: the writer's stream throws, so the store abandons the write and nothing becomes visible. A
 * failure throws {@link TransientStorageException} unless {@link #failWith} says otherwise; a failed call
 * never reaches the wrapped store. Random choices come from one {@link Random} seeded with {@link #seed()},
 * which every injected failure message names so that a failing run can be replayed. {@link #injected}
 * tells the failures it threw from any other, so a test can check that what it caught is what it injected.
 *
 * <p>Thread-safe; faults can be changed while other threads use the store.
 */
public final class FaultyBlobStore extends ForwardingBlobStore {
    private record Faults(Set<Integer> failingCalls, double probability, Duration latency) {
        static final Faults NONE = new Faults(Set.of(), 0, Duration.ZERO);
    }

    private final long seed;
    private final Random random;
    private final Map<BlobOp, AtomicInteger> calls = new EnumMap<>(BlobOp.class);
    private final Map<BlobOp, Faults> faults = new EnumMap<>(BlobOp.class);
    private Function<String, ? extends RuntimeException> failure = TransientStorageException::new;
    private long cutOffAfter = -1;
    // Every failure thrown so far, by identity (Throwable keeps Object's equals), for injected(Throwable).
    private final Set<Throwable> thrown = ConcurrentHashMap.newKeySet();

    /** Wraps {@code delegate} with a random seed, which it prints to standard error. */
    public FaultyBlobStore(BlobStore delegate) {
        this(delegate, System.nanoTime());
        System.err.println("FaultyBlobStore seed: " + seed);
    }

    /** Wraps {@code delegate}; probabilistic failures are drawn from {@code new Random(seed)}. */
    public FaultyBlobStore(BlobStore delegate, long seed) {
        super(delegate);
        this.seed = seed;
        this.random = new Random(seed);
        for (BlobOp op : BlobOp.values()) {
            calls.put(op, new AtomicInteger());
            faults.put(op, Faults.NONE);
        }
    }

    public long seed() {
        return seed;
    }

    /** How many times {@code op} was called, failed calls included. */
    public int calls(BlobOp op) {
        return calls.get(op).get();
    }

    /** Fails the given calls of {@code op}, numbered from 1 since this wrapper was made. */
    public synchronized FaultyBlobStore failOnCall(BlobOp op, int... callNumbers) {
        Faults f = faults.get(op);
        Set<Integer> failing = new HashSet<>(f.failingCalls());
        for (int n : callNumbers) {
            if (n < 1) {
                throw new IllegalArgumentException("callNumbers start at 1, was " + n);
            }
            failing.add(n);
        }
        faults.put(op, new Faults(Set.copyOf(failing), f.probability(), f.latency()));
        return this;
    }

    /** Fails each call of {@code op} with {@code probability} (0 to 1). */
    public synchronized FaultyBlobStore failWithProbability(BlobOp op, double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be between 0 and 1, was " + probability);
        }
        Faults f = faults.get(op);
        faults.put(op, new Faults(f.failingCalls(), probability, f.latency()));
        return this;
    }

    /** Delays each call of {@code op} by {@code latency} before it runs (or fails). */
    public synchronized FaultyBlobStore delay(BlobOp op, Duration latency) {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive, was " + latency);
        }
        Faults f = faults.get(op);
        faults.put(op, new Faults(f.failingCalls(), f.probability(), latency));
        return this;
    }

    /** Makes every write's stream throw once {@code bytes} bytes have been written to it. */
    public synchronized FaultyBlobStore cutOffWritesAfter(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
        }
        cutOffAfter = bytes;
        return this;
    }

    /** Makes injected failures throw what {@code exception} supplies instead of a TransientStorageException. */
    public synchronized FaultyBlobStore failWith(Supplier<? extends RuntimeException> exception) {
        if (exception == null) {
            throw new IllegalArgumentException("exception must not be null");
        }
        failure = message -> exception.get();
        return this;
    }

    /**
     * Whether {@code failure}, or an exception in its cause chain, is one this store injected (or passed on from
     * {@link #failWith}'s supplier). A fault test asserts this of what it caught rather than accepting any
     * exception, so that a bug's own failure at the injected step (a NullPointerException, say) fails the test.
     */
    public boolean injected(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (thrown.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** Removes every fault; call counts and the random sequence go on. */
    public synchronized FaultyBlobStore heal() {
        faults.replaceAll((op, f) -> Faults.NONE);
        cutOffAfter = -1;
        failure = TransientStorageException::new;
        return this;
    }

    @Override
    public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
        inject(BlobOp.WRITE, key);
        long limit;
        synchronized (this) {
            limit = cutOffAfter;
        }
        if (limit < 0) {
            return super.write(key, condition, writer);
        }
        Supplier<RuntimeException> cut = () -> failure("write of " + key + " cut off after " + limit + " bytes");
        return super.write(key, condition, out -> writer.writeTo(new CutOffOutputStream(out, limit, cut)));
    }

    @Override
    public Optional<Blob> read(String key) {
        inject(BlobOp.READ, key);
        return super.read(key);
    }

    /** A range read is a read: it fails where {@link BlobOp#READ} is set to. */
    @Override
    public Optional<Blob> readRange(String key, long offset, long length) {
        inject(BlobOp.READ, key);
        return super.readRange(key, offset, length);
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        inject(BlobOp.STAT, key);
        return super.stat(key);
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        inject(BlobOp.LIST, prefix);
        return super.list(prefix);
    }

    @Override
    public boolean delete(String key) {
        inject(BlobOp.DELETE, key);
        return super.delete(key);
    }

    private void inject(BlobOp op, String target) {
        int call = calls.get(op).incrementAndGet();
        Faults f;
        synchronized (this) {
            f = faults.get(op);
        }
        sleep(f.latency());
        // Draw only when a probability is set, so adding other faults does not shift the random sequence.
        boolean fail = f.failingCalls().contains(call) || (f.probability() > 0 && random.nextDouble() < f.probability());
        if (fail) {
            throw failure("injected failure of " + op + " call #" + call + " (" + target + ")");
        }
    }

    private synchronized RuntimeException failure(String what) {
        RuntimeException e = failure.apply(what + "; FaultyBlobStore seed " + seed);
        thrown.add(e);
        return e;
    }

    private static void sleep(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientStorageException("interrupted during injected latency", e);
        }
    }
}
