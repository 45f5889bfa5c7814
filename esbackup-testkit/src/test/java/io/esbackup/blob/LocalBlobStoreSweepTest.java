package io.esbackup.blob;

import static io.esbackup.blob.WriteCondition.createOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.testkit.FaultyBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AbandonedWrites} on {@link LocalBlobStore}: the temporary files a killed writer leaves are removed
 * once older than the cut-off, and only they; a running write's file is never taken from it while younger,
 * and one taken from a stalled write makes that write fail rather than publish.
 */
class LocalBlobStoreSweepTest {
    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    @TempDir
    Path root;

    @Test
    void removesOnlyTemporaryFilesOlderThanTheCutOffAnywhereUnderTheRoot() throws IOException {
        LocalBlobStore store = new LocalBlobStore(root);
        store.write("backups/Order/o-1/a.json", createOnly(), bytes("archive"));
        Path oldTop = temp(".esb-tmp-old1", "12345", NOW.minus(Duration.ofHours(2)));
        Path oldDeep = temp("backups/Order/o-1/.esb-tmp-old2", "123", NOW.minus(Duration.ofMinutes(61)));
        Path young = temp("backups/Order/o-1/.esb-tmp-young", "1", NOW.minus(Duration.ofMinutes(59)));
        Path atCutOff = temp("backups/.esb-tmp-edge", "1", NOW.minus(Duration.ofHours(1)));
        Path lookalike = temp("backups/esb-tmp-not-ours", "1", NOW.minus(Duration.ofDays(3)));

        AbandonedWriteSweep swept = store.sweepAbandonedWrites(NOW.minus(Duration.ofHours(1)), false);

        assertThat(swept.files()).containsExactlyInAnyOrder(".esb-tmp-old1", "backups/Order/o-1/.esb-tmp-old2");
        assertThat(swept.count()).isEqualTo(2);
        assertThat(swept.bytes()).isEqualTo(8);
        assertThat(swept.dryRun()).isFalse();
        assertThat(oldTop).doesNotExist();
        assertThat(oldDeep).doesNotExist();
        assertThat(young).exists();
        assertThat(atCutOff).as("not before the cut-off").exists();
        assertThat(lookalike).exists();
        assertThat(store.readAllBytes("backups/Order/o-1/a.json")).contains(bytes("archive"));
    }

    @Test
    void aDryRunListsWhatItWouldRemoveAndRemovesNothing() throws IOException {
        LocalBlobStore store = new LocalBlobStore(root);
        Path old = temp("a/.esb-tmp-x", "abc", NOW.minus(Duration.ofDays(1)));

        AbandonedWriteSweep dry = store.sweepAbandonedWrites(NOW, true);

        assertThat(dry.files()).containsExactly("a/.esb-tmp-x");
        assertThat(dry.bytes()).isEqualTo(3);
        assertThat(dry.dryRun()).isTrue();
        assertThat(old).exists();
        assertThat(store.sweepAbandonedWrites(NOW, false).files()).containsExactly("a/.esb-tmp-x");
        assertThat(old).doesNotExist();
        assertThat(store.sweepAbandonedWrites(NOW, false).count()).isZero();
    }

    @Test
    void aRunningWriteOfAnotherStoreOverTheFolderKeepsItsFileAndPublishes() throws Exception {
        LocalBlobStore writerStore = new LocalBlobStore(root);
        LocalBlobStore sweeper = new LocalBlobStore(root);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<BlobInfo> write = CompletableFuture.supplyAsync(() ->
                writerStore.write("a/k", createOnly(), out -> {
                    out.write(bytes("first half "));
                    out.flush();
                    writing.countDown();
                    await(release);
                    out.write(bytes("second half"));
                }));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        Path running = onlyTempFile();
        Instant touched = Files.getLastModifiedTime(running).toInstant();

        // The cut-off is the file's own time: it is not older, so it stays (an hour earlier in production).
        assertThat(sweeper.sweepAbandonedWrites(touched, false).count()).isZero();
        assertThat(running).exists();
        release.countDown();

        assertThat(write.get(10, TimeUnit.SECONDS).size()).isEqualTo(22);
        assertThat(new String(sweeper.readAllBytes("a/k").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("first half second half");
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void aStalledWriteWhoseFileWasSweptFailsAndPublishesNothing() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<BlobInfo> write = CompletableFuture.supplyAsync(() ->
                store.write("a/k", createOnly(), out -> {
                    out.write(bytes("partial"));
                    out.flush();
                    writing.countDown();
                    await(release);
                }));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        // A cut-off in the future stands for a write stalled past the grace period.
        assertThat(store.sweepAbandonedWrites(Instant.now().plus(Duration.ofHours(1)), false).count()).isEqualTo(1);
        release.countDown();

        assertThatThrownBy(() -> write.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(io.esbackup.error.StorageException.class)
                .hasRootCauseInstanceOf(java.nio.file.NoSuchFileException.class)
                .cause().hasMessageStartingWith("writing blob a/k failed: No such file or directory");
        assertThat(store.stat("a/k")).isEmpty();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void theCapabilityIsFoundThroughWrappersAndOnlyWhereTheStoreHasIt() throws IOException {
        LocalBlobStore local = new LocalBlobStore(root);
        BlobStore wrapped = new RetryingBlobStore(new FaultyBlobStore(local, 1), new Random(1));
        temp("k/.esb-tmp-1", "x", NOW.minus(Duration.ofDays(1)));

        AbandonedWrites found = wrapped.capability(AbandonedWrites.class).orElseThrow();
        assertThat(found).isSameAs(local);
        assertThat(found.sweepAbandonedWrites(NOW, false).files()).containsExactly("k/.esb-tmp-1");
        assertThat(wrapped.capability(RetryingBlobStore.class).orElseThrow()).isSameAs(wrapped);
        assertThat(new RetryingBlobStore(new InMemoryBlobStore(), new Random(1)).capability(AbandonedWrites.class))
                .isEmpty();
        assertThatThrownBy(() -> wrapped.capability(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type");
    }

    @Test
    void badInputIsRefusedNamingTheArgumentAndAMissingRootHasNothingToSweep() {
        LocalBlobStore store = new LocalBlobStore(root.resolve("not-yet"));
        assertThatThrownBy(() -> store.sweepAbandonedWrites(null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("modifiedBefore");
        assertThat(store.sweepAbandonedWrites(NOW, false)).isEqualTo(AbandonedWriteSweep.none(false));
        assertThatThrownBy(() -> new AbandonedWriteSweep(List.of(), -1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes");
    }

    private Path temp(String relative, String content, Instant modified) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(LocalBlobStore.TEMP_PREFIX)).toList();
        }
    }

    private Path onlyTempFile() throws IOException {
        List<Path> found = tempFiles();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
