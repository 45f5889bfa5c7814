package io.esbackup.blob;

import static io.esbackup.blob.WriteCondition.createOnly;
import static io.esbackup.blob.WriteCondition.overwrite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.StorageException;
import io.esbackup.error.TransientStorageException;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RetryingBlobStoreTest {
    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(500));

    private final InMemoryBlobStore inner = new InMemoryBlobStore();
    private final List<Duration> sleeps = new ArrayList<>();
    private final RetryingBlobStore.Sleeper recorder = sleeps::add;

    private RetryingBlobStore retrying(BlobStore faulty) {
        return new RetryingBlobStore(faulty, POLICY, recorder, new Random(42));
    }

    @Test
    void transientFaultsOfEveryOperationAreRetriedAndTheOperationSucceeds() {
        inner.write("a/k", createOnly(), new byte[] {1, 2});
        FaultyBlobStore faulty = new FaultyBlobStore(inner, 1);
        for (BlobOp op : BlobOp.values()) {
            faulty.failOnCall(op, 1, 2);
        }
        RetryingBlobStore store = retrying(faulty);

        assertThat(store.readAllBytes("a/k")).hasValue(new byte[] {1, 2});
        assertThat(store.stat("a/k")).isPresent();
        try (Stream<BlobInfo> listed = store.list("a/")) {
            assertThat(listed.map(BlobInfo::key)).containsExactly("a/k");
        }
        store.write("a/n", createOnly(), new byte[] {3});
        assertThat(store.delete("a/k")).isTrue();

        assertThat(inner.readAllBytes("a/n")).hasValue(new byte[] {3});
        assertThat(inner.stat("a/k")).isEmpty();
        for (BlobOp op : BlobOp.values()) {
            assertThat(faulty.calls(op)).as("%s", op).isEqualTo(3);
        }
        assertThat(store.retries()).isEqualTo(10);
        assertThat(store.givenUp()).isZero();
    }

    @Test
    void sleepsFollowTheExponentialBackoffWithJitter() {
        FaultyBlobStore faulty = new FaultyBlobStore(inner, 1).failOnCall(BlobOp.STAT, 1, 2, 3, 4);
        RetryingBlobStore store = retrying(faulty);
        assertThat(store.stat("k")).isEmpty();

        assertThat(sleeps).hasSize(4);
        long[] caps = {100, 200, 400, 500};
        for (int i = 0; i < caps.length; i++) {
            assertThat(sleeps.get(i)).as("sleep %d", i + 1)
                    .isBetween(Duration.ofMillis(caps[i] / 2), Duration.ofMillis(caps[i]));
            assertThat(POLICY.cap(i + 1)).isEqualTo(Duration.ofMillis(caps[i]));
        }
        // The jitter comes from the injected random: the same seed waits the same.
        List<Duration> first = List.copyOf(sleeps);
        sleeps.clear();
        retrying(new FaultyBlobStore(inner, 1).failOnCall(BlobOp.STAT, 1, 2, 3, 4)).stat("k");
        assertThat(sleeps).isEqualTo(first);
    }

    @Test
    void tooManyTransientFaultsGiveUpWithTheLastFailureAndTheAttemptCount() {
        FaultyBlobStore faulty = new FaultyBlobStore(inner, 1).failOnCall(BlobOp.READ, 1, 2, 3, 4, 5, 6);
        RetryingBlobStore store = retrying(faulty);
        assertThatThrownBy(() -> store.read("k"))
                .isInstanceOf(TransientStorageException.class)
                .hasMessageContaining("read of k failed after 5 attempts")
                .hasMessageContaining("READ call #5")
                .cause().isInstanceOf(TransientStorageException.class).hasMessageContaining("READ call #5");
        assertThat(faulty.calls(BlobOp.READ)).isEqualTo(5);
        assertThat(sleeps).hasSize(4);
        assertThat(store.givenUp()).isEqualTo(1);
        // The sixth call is still planned to fail; the seventh goes through.
        assertThat(store.read("k")).isEmpty();
        assertThat(faulty.calls(BlobOp.READ)).isEqualTo(7);
    }

    @Test
    void nonTransientExceptionsAreNotRetried() {
        FaultyBlobStore faulty = new FaultyBlobStore(inner, 1).failOnCall(BlobOp.STAT, 1)
                .failWith(() -> new StorageException("reading the attributes of blob k",
                        new IOException("disk on fire")));
        RetryingBlobStore store = retrying(faulty);
        assertThatThrownBy(() -> store.stat("k")).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(faulty.injected(e)).as("the injected failure: %s", e).isTrue());
        assertThat(faulty.calls(BlobOp.STAT)).isEqualTo(1);
        assertThat(sleeps).isEmpty();

        // A writer's own failure is not retried either, nor is an if-match write that lost.
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> store.write("w", createOnly(), out -> {
            runs.incrementAndGet();
            throw new IOException("the source broke");
        })).isInstanceOf(StorageException.class).hasMessage("writing blob w failed: the source broke")
                .cause().hasMessage("the source broke");
        assertThat(runs).hasValue(1);
        BlobInfo v1 = store.write("c", createOnly(), new byte[] {1});
        store.write("c", overwrite(), new byte[] {2});
        assertThatThrownBy(() -> store.write("c", WriteCondition.ifMatch(v1.etag()), new byte[] {3}))
                .isInstanceOf(ConflictException.class);
        assertThat(store.retries()).isZero();
    }

    @Test
    void aTransientMessageOnAnotherTypeIsNotRetried() {
        FaultyBlobStore faulty = new FaultyBlobStore(inner, 1).failOnCall(BlobOp.DELETE, 1)
                .failWith(() -> new IllegalStateException("TransientStorageException: throttled, retry later"));
        RetryingBlobStore store = retrying(faulty);
        assertThatThrownBy(() -> store.delete("k")).isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(faulty.injected(e)).as("the injected failure: %s", e).isTrue());
        assertThat(faulty.calls(BlobOp.DELETE)).isEqualTo(1);
    }

    @Test
    void aWriteCutOffPartWayIsRetriedByRunningTheWriterAgainAndLeavesNothingWhenItGivesUp() {
        FaultyBlobStore faulty = new FaultyBlobStore(inner, 1).cutOffWritesAfter(10);
        RetryingBlobStore store = retrying(faulty);
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> store.write("big", createOnly(), out -> {
            runs.incrementAndGet();
            out.write(new byte[100]);
        })).isInstanceOf(TransientStorageException.class).hasMessageContaining("after 5 attempts")
                .hasMessageContaining("cut off after 10 bytes");
        assertThat(runs).hasValue(5);
        assertThat(inner.stat("big")).isEmpty();

        // Cut off once (a flaky connection), then healed: the second run of the writer succeeds.
        faulty.heal().failOnCall(BlobOp.WRITE, faulty.calls(BlobOp.WRITE) + 1);
        runs.set(0);
        store.write("big", createOnly(), out -> {
            runs.incrementAndGet();
            out.write(new byte[100]);
        });
        assertThat(runs).hasValue(1);
        assertThat(inner.stat("big")).map(BlobInfo::size).hasValue(100L);
    }

    @Test
    void aCreateOnlyWriteThatFindsItsKeyAfterAnUnknownOutcomeIsNotASuccess() {
        // The first attempt reaches the store and then "times out": its outcome is unknown to the caller.
        BlobStore lostReply = new ForwardingBlobStore(inner) {
            private boolean first = true;

            @Override
            public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
                BlobInfo info = super.write(key, condition, writer);
                if (first) {
                    first = false;
                    throw new TransientStorageException("timed out waiting for the reply");
                }
                return info;
            }
        };
        RetryingBlobStore store = retrying(lostReply);
        assertThatThrownBy(() -> store.write("k", createOnly(), new byte[] {7}))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("unknown outcome")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .isInstanceOf(TransientStorageException.class));
        assertThat(store.retries()).isEqualTo(1);

        // Without an earlier failure, AlreadyExists is the store's plain answer.
        assertThatThrownBy(() -> store.write("k", createOnly(), new byte[] {8}))
                .isInstanceOf(AlreadyExistsException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("unknown outcome"));
    }

    @Test
    void aListingIsRetriedUntilItsFirstElementAndNotAfter() {
        for (int i = 0; i < 3; i++) {
            inner.write("p/" + i, createOnly(), new byte[] {(byte) i});
        }
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger(2);
        // A store whose listing fails while fetching, as a paged listing does: twice on the first element.
        BlobStore flakyPages = new ForwardingBlobStore(inner) {
            @Override
            public Stream<BlobInfo> list(String prefix) {
                opened.incrementAndGet();
                Iterator<BlobInfo> it = super.list(prefix).collect(Collectors.toList()).iterator();
                return Stream.generate(() -> {
                    if (failures.getAndDecrement() > 0) {
                        throw new TransientStorageException("page fetch timed out");
                    }
                    return it.hasNext() ? it.next() : null;
                }).takeWhile(b -> b != null);
            }
        };
        RetryingBlobStore store = retrying(flakyPages);
        try (Stream<BlobInfo> listed = store.list("p/")) {
            assertThat(listed.map(BlobInfo::key)).containsExactlyInAnyOrder("p/0", "p/1", "p/2");
        }
        assertThat(opened).hasValue(3);
        assertThat(store.retries()).isEqualTo(2);

        // A failure after the first element goes to the caller.
        failures.set(0);
        try (Stream<BlobInfo> listed = store.list("p/")) {
            Iterator<BlobInfo> it = listed.iterator();
            assertThat(it.next()).isNotNull();
            failures.set(1);
            assertThatThrownBy(it::next).isInstanceOf(TransientStorageException.class)
                    .hasMessage("page fetch timed out");
        }
        assertThat(opened).hasValue(4);
    }

    @Test
    void randomTransientFaultsWithAFixedSeedAreAllRetried() {
        long seed = 7;
        System.out.println("RetryingBlobStoreTest seed " + seed);
        FaultyBlobStore faulty = new FaultyBlobStore(inner, seed);
        for (BlobOp op : BlobOp.values()) {
            faulty.failWithProbability(op, 0.3);
        }
        RetryingBlobStore store = new RetryingBlobStore(faulty, new RetryPolicy(10, Duration.ofMillis(1),
                Duration.ofMillis(8)), recorder, new Random(seed));
        for (int i = 0; i < 200; i++) {
            String key = "r/" + i;
            store.write(key, createOnly(), new byte[] {(byte) i});
            assertThat(store.readAllBytes(key)).hasValue(new byte[] {(byte) i});
            assertThat(store.stat(key)).isPresent();
            assertThat(store.delete(key)).isTrue();
        }
        try (Stream<BlobInfo> listed = store.list("r/")) {
            assertThat(listed).isEmpty();
        }
        assertThat(store.retries()).isGreaterThan(200).isEqualTo(sleeps.size());
        assertThat(store.givenUp()).isZero();
    }

    @Test
    void anInterruptedWaitStopsRetryingAndKeepsTheInterrupt() {
        FaultyBlobStore faulty = new FaultyBlobStore(inner, 1).failOnCall(BlobOp.STAT, 1, 2);
        RetryingBlobStore store = new RetryingBlobStore(faulty, POLICY, d -> {
            throw new InterruptedException();
        }, new Random(1));
        try {
            assertThatThrownBy(() -> store.stat("k")).isInstanceOf(TransientStorageException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(faulty.calls(BlobOp.STAT)).isEqualTo(1);
    }

    @Test
    void thePolicyChecksItsArgumentsAndCapsTheDelay() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseDelay");
        assertThat(RetryPolicy.DEFAULT.cap(1000)).isEqualTo(Duration.ofSeconds(5));
        assertThat(new RetryPolicy(3, Duration.ZERO, Duration.ZERO).delay(2, new Random(1))).isZero();
    }
}
