package io.esbackup.testkit;

import static io.esbackup.blob.WriteCondition.createOnly;
import static io.esbackup.blob.WriteCondition.overwrite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.TransientStorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultyBlobStoreTest {
    private final InMemoryBlobStore inner = new InMemoryBlobStore();

    @Test
    void failsExactlyTheChosenCallsAndNothingReachesTheStore() {
        FaultyBlobStore store = new FaultyBlobStore(inner, 1).failOnCall(BlobOp.WRITE, 2);
        store.write("k1", createOnly(), new byte[] {1});
        assertThatThrownBy(() -> store.write("k2", createOnly(), new byte[] {2}))
                .isInstanceOf(TransientStorageException.class)
                .hasMessageContaining("WRITE call #2").hasMessageContaining("seed 1");
        store.write("k3", createOnly(), new byte[] {3});
        assertThat(store.calls(BlobOp.WRITE)).isEqualTo(3);
        assertThat(inner.stat("k1")).isPresent();
        assertThat(inner.stat("k2")).isEmpty();
        assertThat(inner.stat("k3")).isPresent();
    }

    @Test
    void failsEachOperationOnItsOwnCount() {
        inner.write("k", createOnly(), new byte[] {1});
        FaultyBlobStore store = new FaultyBlobStore(inner, 1)
                .failOnCall(BlobOp.READ, 1).failOnCall(BlobOp.STAT, 1)
                .failOnCall(BlobOp.LIST, 1).failOnCall(BlobOp.DELETE, 1);
        assertThatThrownBy(() -> store.read("k")).isInstanceOf(TransientStorageException.class);
        assertThatThrownBy(() -> store.stat("k")).isInstanceOf(TransientStorageException.class);
        assertThatThrownBy(() -> store.list("")).isInstanceOf(TransientStorageException.class);
        assertThatThrownBy(() -> store.delete("k")).isInstanceOf(TransientStorageException.class);
        assertThat(inner.stat("k")).as("a failed delete deletes nothing").isPresent();
        // Second calls are not in the plan, so they go through.
        assertThat(store.readAllBytes("k")).isPresent();
        assertThat(store.stat("k")).isPresent();
        try (Stream<BlobInfo> listed = store.list("")) {
            assertThat(listed.map(BlobInfo::key)).containsExactly("k");
        }
        assertThat(store.delete("k")).isTrue();
    }

    @Test
    void probabilisticFailuresFollowTheSeed() {
        inner.write("k", createOnly(), new byte[] {1});
        List<Boolean> first = readOutcomes(new FaultyBlobStore(inner, 42).failWithProbability(BlobOp.READ, 0.3));
        List<Boolean> again = readOutcomes(new FaultyBlobStore(inner, 42).failWithProbability(BlobOp.READ, 0.3));
        List<Boolean> other = readOutcomes(new FaultyBlobStore(inner, 43).failWithProbability(BlobOp.READ, 0.3));
        assertThat(again).as("same seed, same failures").isEqualTo(first);
        assertThat(other).as("another seed, other failures").isNotEqualTo(first);
        // 200 draws at p = 0.3: the count of failures is 60 +- 6.5 (one standard deviation).
        assertThat(first.stream().filter(failed -> failed).count()).isBetween(30L, 90L);
        assertThat(readOutcomes(new FaultyBlobStore(inner, 42).failWithProbability(BlobOp.READ, 1)))
                .containsOnly(true);
        assertThat(readOutcomes(new FaultyBlobStore(inner, 42).failWithProbability(BlobOp.READ, 0)))
                .containsOnly(false);
    }

    @Test
    void delaysTheChosenOperation() {
        inner.write("k", createOnly(), new byte[] {1});
        FaultyBlobStore store = new FaultyBlobStore(inner, 1).delay(BlobOp.STAT, Duration.ofMillis(50));
        long start = System.nanoTime();
        assertThat(store.stat("k")).isPresent();
        // Only a lower bound: a sleep never ends early, while an upper bound would depend on the machine.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aWriteCutOffAfterKBytesFailsAndLeavesNothing() {
        FaultyBlobStore store = new FaultyBlobStore(inner, 1).cutOffWritesAfter(10);
        store.write("fits", createOnly(), new byte[10]);
        assertThatThrownBy(() -> store.write("too-long", createOnly(), new byte[11]))
                .isInstanceOf(TransientStorageException.class).hasMessageContaining("cut off after 10 bytes");
        assertThatThrownBy(() -> store.write("fits", overwrite(), out -> {
            for (int i = 0; i < 100; i++) {
                out.write(i);
            }
        })).isInstanceOf(TransientStorageException.class);
        assertThat(inner.stat("fits")).map(BlobInfo::size).hasValue(10L);
        assertThat(inner.stat("too-long")).isEmpty();
    }

    @Test
    void aCutOffWriteLeavesNoTemporaryFileInALocalStore(@TempDir Path root) throws IOException {
        FaultyBlobStore store = new FaultyBlobStore(new LocalBlobStore(root), 1).cutOffWritesAfter(1000);
        assertThatThrownBy(() -> store.write("a/big", createOnly(), new byte[100_000]))
                .isInstanceOf(TransientStorageException.class);
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void throwsTheGivenExceptionInsteadOfATransientOne() {
        FaultyBlobStore store = new FaultyBlobStore(inner, 1)
                .failWith(() -> new IllegalStateException("quota exceeded"))
                .failOnCall(BlobOp.WRITE, 1).cutOffWritesAfter(0);
        assertThatThrownBy(() -> store.write("k", createOnly(), new byte[1]))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage("quota exceeded");
        assertThatThrownBy(() -> store.write("k", createOnly(), new byte[1]))
                .as("a cut-off write").isExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    void healRemovesEveryFault() {
        FaultyBlobStore store = new FaultyBlobStore(inner, 1)
                .failWithProbability(BlobOp.WRITE, 1).cutOffWritesAfter(0).delay(BlobOp.WRITE, Duration.ofDays(1));
        store.heal();
        // Preemptive timeout: if heal() left the one-day delay in place, fail now rather than hang the build.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> store.write("k", createOnly(), new byte[5]));
        assertThat(inner.stat("k")).map(BlobInfo::size).hasValue(5L);
    }

    @Test
    void rejectsNonsensicalSettings() {
        FaultyBlobStore store = new FaultyBlobStore(inner, 1);
        assertThatThrownBy(() -> store.failOnCall(BlobOp.READ, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callNumbers");
        assertThatThrownBy(() -> store.failWithProbability(BlobOp.READ, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probability");
        assertThatThrownBy(() -> store.failWithProbability(BlobOp.READ, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probability");
        assertThatThrownBy(() -> store.delay(BlobOp.READ, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency");
        assertThatThrownBy(() -> store.cutOffWritesAfter(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bytes");
        assertThatThrownBy(() -> store.failWith(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exception");
    }

    @Test
    void tellsTheFailuresItInjectedFromAnyOther() {
        FaultyBlobStore store = new FaultyBlobStore(inner, 1).failOnCall(BlobOp.STAT, 1).cutOffWritesAfter(1);
        Throwable failed = catchThrowable(() -> store.stat("k"));
        Throwable cut = catchThrowable(() -> store.write("k", createOnly(), new byte[2]));

        assertThat(store.injected(failed)).isTrue();
        assertThat(store.injected(cut)).as("a cut-off write").isTrue();
        assertThat(store.injected(new IllegalStateException("wrapped", new RuntimeException(failed))))
                .as("found in the cause chain").isTrue();
        // Same type and message, but not the one it threw: a bug's failure that looks like a fault.
        assertThat(store.injected(new TransientStorageException(failed.getMessage()))).isFalse();
        assertThat(store.injected(new NullPointerException())).isFalse();
        assertThat(store.injected(null)).isFalse();
        assertThat(new FaultyBlobStore(inner, 1).injected(failed)).as("another store's failure").isFalse();

        IllegalStateException quota = new IllegalStateException("quota exceeded");
        store.failWith(() -> quota).failOnCall(BlobOp.DELETE, 1);
        assertThatThrownBy(() -> store.delete("k")).isSameAs(quota);
        assertThat(store.injected(quota)).as("a failure of failWith's supplier").isTrue();
    }

    /** Whether each of 200 reads failed. */
    private static List<Boolean> readOutcomes(FaultyBlobStore store) {
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            try {
                store.readAllBytes("k");
                failed.add(false);
            } catch (TransientStorageException e) {
                failed.add(true);
            }
        }
        return failed;
    }
}
