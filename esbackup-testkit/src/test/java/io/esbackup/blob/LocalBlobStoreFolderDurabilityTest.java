package io.esbackup.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that creates folders fsyncs the parent of each new one, so the folder's name is as durable as the
 * file published in it (on a file system without a journal nothing else makes it so); a write into a folder
 * another write has just created, but not yet made durable, makes the name durable itself.
 */
class LocalBlobStoreFolderDurabilityTest {
    @TempDir
    Path tmp;

    /** Records every folder fsynced, and can hold the first fsync of one folder until released. */
    private static final class RecordingOps extends FileOps {
        final List<Path> fsynced = new CopyOnWriteArrayList<>();
        volatile Path holdFirst;
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        void fsyncDirectory(Path dir) throws IOException {
            if (dir.equals(holdFirst)) {
                holdFirst = null;
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            fsynced.add(dir);
            super.fsyncDirectory(dir);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theParentOfEveryNewFolderIsFsyncedAndOnlyOnce() {
        Path root = tmp.resolve("store");
        RecordingOps ops = new RecordingOps();
        LocalBlobStore store = new LocalBlobStore(root, ops);

        store.write("a/b/c.json", WriteCondition.createOnly(), bytes("{}"));
        assertThat(ops.fsynced).as("parents of store, a and b, then b for the published file")
                .containsExactlyInAnyOrder(tmp, root, root.resolve("a"), root.resolve("a/b"));

        ops.fsynced.clear();
        store.write("a/b/d.json", WriteCondition.createOnly(), bytes("{}"));
        assertThat(ops.fsynced).as("a write into known folders").containsExactly(root.resolve("a/b"));

        ops.fsynced.clear();
        store.write("a/e/f.json", WriteCondition.overwrite(), bytes("{}"));
        assertThat(ops.fsynced).as("one new folder, in a").containsExactlyInAnyOrder(root.resolve("a"),
                root.resolve("a/e"));
    }

    @Test
    void aWriteIntoAFolderNotYetDurableMakesItsNameDurableItself() throws Exception {
        Path root = tmp.resolve("store");
        RecordingOps ops = new RecordingOps();
        LocalBlobStore store = new LocalBlobStore(root, ops);
        store.write("x.json", WriteCondition.createOnly(), bytes("{}"));
        ops.holdFirst = root; // the fsync that makes the new folder "a" durable in the root
        ops.fsynced.clear();

        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<BlobInfo> creating = first.submit(() -> store.write("a/1.json", WriteCondition.createOnly(),
                    bytes("{}")));
            assertThat(ops.held.await(30, TimeUnit.SECONDS)).as("the first write reached its folder's fsync").isTrue();

            store.write("a/2.json", WriteCondition.createOnly(), bytes("{}"));
            assertThat(ops.fsynced).as("the second write, while the first one's folder is not durable yet")
                    .contains(root, root.resolve("a"));

            ops.release.countDown();
            assertThat(creating.get(30, TimeUnit.SECONDS).key()).isEqualTo("a/1.json");
        } finally {
            ops.release.countDown();
            first.shutdownNow();
        }

        ops.fsynced.clear();
        store.write("a/3.json", WriteCondition.createOnly(), bytes("{}"));
        assertThat(ops.fsynced).as("once the folder is durable, a write fsyncs only its own folder")
                .containsExactly(root.resolve("a"));
    }
}
