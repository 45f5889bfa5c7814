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
 * A folder that one write has just created, and whose name it has not yet made durable in its parent
 * (FOLDERS_IN_FLIGHT), is made durable by a write that publishes into it before that write returns; a write
 * inside a group leaves that to the group's commit, which must then fsync the folder's parent too, even
 * without syncfs.
 */
class LocalBlobStoreGroupFolderTest {
    @TempDir
    Path tmp;

    /** Holds the creating thread in its fsync of the new folder's parent; records the other thread's fsyncs. */
    private static final class HeldOps extends FileOps {
        final CountDownLatch created = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> mainFsyncs = new CopyOnWriteArrayList<>();
        volatile Thread creator;

        @Override
        void fsyncDirectory(Path dir) throws IOException {
            if (Thread.currentThread() == creator && dir.getFileName().toString().equals("a")) {
                created.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (Thread.currentThread() != creator) {
                mainFsyncs.add("fsync-dir " + dir.getFileName());
            }
            super.fsyncDirectory(dir);
        }

        @Override
        boolean syncFileSystem(Path root) {
            return false; // a platform without sync -f: the commit fsyncs each file and folder
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> fsyncsOfAWriteIntoAFolderInFlight(boolean grouped) throws Exception {
        HeldOps ops = new HeldOps();
        LocalBlobStore store = new LocalBlobStore(tmp.resolve(grouped ? "grouped" : "single"), ops);
        store.write("a/seed.json", WriteCondition.createOnly(), bytes("{}"));
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> creating = other.submit(() -> {
                ops.creator = Thread.currentThread();
                store.write("a/new/first.json", WriteCondition.createOnly(), bytes("1"));
            });
            assertThat(ops.created.await(10, TimeUnit.SECONDS)).isTrue();
            ops.mainFsyncs.clear();
            if (grouped) {
                try (GroupCommit.Group group = store.begin()) {
                    store.write("a/new/second.json", WriteCondition.createOnly(), bytes("2"));
                    group.commit();
                }
            } else {
                store.write("a/new/second.json", WriteCondition.createOnly(), bytes("2"));
            }
            List<String> seen = List.copyOf(ops.mainFsyncs);
            ops.release.countDown();
            creating.get(10, TimeUnit.SECONDS);
            return seen;
        } finally {
            ops.release.countDown();
            other.shutdown();
        }
    }

    @Test
    void aGroupCommitMakesTheNameOfAFolderInFlightDurableAsASingleWriteDoes() throws Exception {
        assertThat(fsyncsOfAWriteIntoAFolderInFlight(false)).as("a single write").contains("fsync-dir a");
        assertThat(fsyncsOfAWriteIntoAFolderInFlight(true)).as("a write in a group, once committed")
                .contains("fsync-dir a");
    }

    /** Records every folder fsync, from any thread. */
    private static final class RecordingOps extends FileOps {
        final List<String> fsyncs = new CopyOnWriteArrayList<>();

        @Override
        void fsyncDirectory(Path dir) throws IOException {
            fsyncs.add("fsync-dir " + dir.getFileName());
            super.fsyncDirectory(dir);
        }

        @Override
        boolean syncFileSystem(Path root) {
            return false;
        }
    }

    @Test
    void aFolderAGroupCreatesWaitsForItsCommitAndIsMadeDurableByAnyOtherWriteIntoItUntilThen() throws Exception {
        RecordingOps ops = new RecordingOps();
        LocalBlobStore store = new LocalBlobStore(tmp.resolve("created"), ops);
        store.write("a/seed.json", WriteCondition.createOnly(), bytes("{}"));
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (GroupCommit.Group group = store.begin()) {
            ops.fsyncs.clear();
            store.write("a/new/first.json", WriteCondition.createOnly(), bytes("1"));
            assertThat(ops.fsyncs).as("nothing fsynced inside the group, the new folder's parent neither").isEmpty();

            other.submit(() -> store.write("a/new/single.json", WriteCondition.createOnly(), bytes("2")))
                    .get(10, TimeUnit.SECONDS);
            assertThat(ops.fsyncs).as("a single write into the group's new folder, before its commit")
                    .contains("fsync-dir new", "fsync-dir a");

            ops.fsyncs.clear();
            group.commit();
            assertThat(ops.fsyncs).as("the commit: the folder and its parent").contains("fsync-dir new", "fsync-dir a");

            ops.fsyncs.clear();
            other.submit(() -> store.write("a/new/later.json", WriteCondition.createOnly(), bytes("3")))
                    .get(10, TimeUnit.SECONDS);
            assertThat(ops.fsyncs).as("after the commit the folder's name is durable").containsExactly("fsync-dir new");
        } finally {
            other.shutdown();
        }
    }

    @Test
    void aGroupClosedWithoutItsCommitMakesTheNamesOfItsNewFoldersDurable() throws Exception {
        RecordingOps ops = new RecordingOps();
        LocalBlobStore store = new LocalBlobStore(tmp.resolve("abandoned"), ops);
        store.write("b/seed.json", WriteCondition.createOnly(), bytes("{}"));
        try (GroupCommit.Group group = store.begin()) {
            store.write("b/new/first.json", WriteCondition.createOnly(), bytes("1"));
            ops.fsyncs.clear();
        }
        assertThat(ops.fsyncs).containsExactly("fsync-dir b");
        ops.fsyncs.clear();
        store.write("b/new/after.json", WriteCondition.createOnly(), bytes("2"));
        assertThat(ops.fsyncs).as("no longer in flight").containsExactly("fsync-dir new");
    }

    @Test
    void aBlobAGroupIncludesIsMadeDurableByItsCommitWithItsNameAndItsFolders() {
        FsyncLedger ledger = new FsyncLedger();
        LocalBlobStore store = ledger.open(tmp.resolve("included"));
        // An earlier writer's group that never committed: the file and its new folders are not durable.
        try (GroupCommit.Group abandoned = store.begin()) {
            store.write("c/d/e.json", WriteCondition.createOnly(), bytes("{}"));
        }
        Path file = store.root().resolve("c/d/e.json");
        assertThat(ledger.durable(file)).isFalse();

        try (GroupCommit.Group group = store.begin()) {
            group.include("c/d/e.json");
            assertThat(ledger.durable(file)).as("not before the commit").isFalse();
            group.commit();
        }

        assertThat(ledger.durable(file)).as("content and name").isTrue();
    }
}
