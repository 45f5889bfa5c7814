package io.esbackup.blob;

import static io.esbackup.blob.WriteCondition.createOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.FailingFileOps.Step;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Create-only writes from many threads at once, with the CPU and the disk kept busy by other threads, as
 * a bulk backup on a loaded machine makes them (issue #20): each key is taken by exactly one write, and a
 * write never fails because of the store's own earlier write. Each step of the create-only commit is also
 * failed in turn while others write: the failure seen is the one injected, and the key is free again.
 */
@Timeout(120)
class LocalBlobStoreCreateOnlyStressTest {
    private static final int WRITERS = 16;

    @TempDir
    Path root;
    @TempDir
    Path scratch;

    private Load load;

    @BeforeEach
    void loadTheMachine() {
        load = new Load(scratch);
    }

    @AfterEach
    void stopTheLoad() throws Exception {
        load.close();
    }

    @Test
    void manyThreadsCreatingKeysInNewAndSharedFoldersAllSucceed() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        Map<String, String> written = new ConcurrentHashMap<>();
        int each = 60;

        inParallel(WRITERS, t -> {
            for (int i = 0; i < each; i++) {
                // The layout of a bulk backup: an id pointer in one shared folder, an archive in a folder
                // per aggregate that several writers create at the same moment.
                UUID id = UUID.randomUUID();
                String content = "{\"writer\":" + t + ",\"n\":" + i + ",\"id\":\"" + id + "\"}";
                String[] keys = {"backup-index/" + id, "backups/order/o-" + (i % 7) + "/" + id + ".json"};
                for (String key : keys) {
                    store.write(key, createOnly(), out -> {
                        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
                        out.write(bytes, 0, bytes.length / 2);
                        Thread.yield();
                        out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
                    });
                    written.put(key, content);
                }
            }
        });

        assertThat(written).hasSize(WRITERS * each * 2);
        written.forEach((key, content) -> assertThat(text(store, key)).as(key).isEqualTo(content));
        try (Stream<BlobInfo> listed = store.list("")) {
            assertThat(listed.count()).isEqualTo(written.size());
        }
        assertNoTempFiles();
    }

    @Test
    void writersRacingForOneKeyHaveExactlyOneWinnerAndItsContentIsStored() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        int rounds = 40;
        for (int round = 0; round < rounds; round++) {
            String key = "backup-index/" + UUID.randomUUID();
            CyclicBarrier start = new CyclicBarrier(WRITERS);
            AtomicInteger winners = new AtomicInteger();
            String[] winner = new String[1];
            List<Throwable> losers = new java.util.concurrent.CopyOnWriteArrayList<>();
            inParallel(WRITERS, t -> {
                start.await();
                try {
                    store.write(key, createOnly(), ("writer " + t).getBytes(StandardCharsets.UTF_8));
                    winners.incrementAndGet();
                    winner[0] = "writer " + t;
                } catch (AlreadyExistsException e) {
                    losers.add(e);
                }
            });
            assertThat(winners.get()).as("round %d", round).isEqualTo(1);
            assertThat(losers).hasSize(WRITERS - 1)
                    .allSatisfy(e -> assertThat(e).hasMessageContaining(key).hasMessageContaining("already exists"));
            assertThat(text(store, key)).isEqualTo(winner[0]);
        }
        assertNoTempFiles();
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"CREATE", "FSYNC", "LINK", "DIRECTORY_FSYNC"})
    void aStepFailingWhileOthersWriteFailsOnlyThatWriteAndLeavesItsKeyFree(Step step) throws Exception {
        LocalBlobStore healthy = new LocalBlobStore(root);
        Files.createDirectories(root.resolve("backup-index"));
        IOException injected = new IOException("injected failure of " + step);
        String doomed = "backup-index/" + UUID.randomUUID();
        Map<String, String> others = new ConcurrentHashMap<>();
        Throwable[] seen = new Throwable[1];

        Thread doomedWriter = new Thread(() -> {
            // A store of its own over the same folder: only its writes fail, the others' go through.
            LocalBlobStore failing = new LocalBlobStore(root, new FailingFileOps().fail(step, injected));
            try {
                failing.write(doomed, createOnly(), "doomed".getBytes(StandardCharsets.UTF_8));
            } catch (Throwable t) {
                seen[0] = t;
            }
        }, "doomed");
        inParallel(WRITERS, t -> {
            if (t == 0) {
                doomedWriter.start();
                doomedWriter.join();
            }
            for (int i = 0; i < 20; i++) {
                String key = "backup-index/" + UUID.randomUUID();
                healthy.write(key, createOnly(), key.getBytes(StandardCharsets.UTF_8));
                others.put(key, key);
            }
        });

        assertThat(seen[0]).as("the doomed write's failure").isInstanceOf(StorageException.class)
                .hasMessageContaining(doomed).cause().isSameAs(injected);
        assertThat(healthy.stat(doomed)).isEmpty();
        others.forEach((key, content) -> assertThat(text(healthy, key)).isEqualTo(content));
        assertNoTempFiles();
        // The key is free: writing it again succeeds, not "already exists" because of the failed attempt.
        healthy.write(doomed, createOnly(), "retried".getBytes(StandardCharsets.UTF_8));
        assertThat(text(healthy, doomed)).isEqualTo("retried");
    }

    private interface Work {
        void run(int thread) throws Exception;
    }

    private static void inParallel(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    work.run(thread);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(LocalBlobStore.TEMP_PREFIX)))
                    .isEmpty();
        }
    }

    private static String text(LocalBlobStore store, String key) {
        return new String(store.readAllBytes(key).orElseThrow(), StandardCharsets.UTF_8);
    }

    /** Two threads spinning on the CPU and one writing and fsyncing a file, until closed. */
    private static final class Load implements AutoCloseable {
        private volatile boolean running = true;
        private final List<Thread> threads = new ArrayList<>();

        Load(Path scratch) {
            for (int i = 0; i < 2; i++) {
                threads.add(start("cpu-load-" + i, () -> {
                    long x = 0;
                    while (running) {
                        x += ThreadLocalRandom.current().nextLong() % 7;
                    }
                    return x;
                }));
            }
            threads.add(start("io-load", () -> {
                byte[] block = new byte[256 * 1024];
                try (FileChannel ch = FileChannel.open(scratch.resolve("io-load"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
                    while (running) {
                        ch.write(java.nio.ByteBuffer.wrap(block), 0);
                        ch.force(true);
                    }
                }
                return 0L;
            }));
        }

        private static Thread start(String name, java.util.concurrent.Callable<Long> body) {
            Thread t = new Thread(() -> {
                try {
                    body.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join();
            }
        }
    }
}
