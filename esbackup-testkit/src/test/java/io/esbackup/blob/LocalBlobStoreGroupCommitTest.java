package io.esbackup.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.error.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GroupCommit} of {@link LocalBlobStore}: inside a group the opening thread's writes are published as
 * ever but skip their fsyncs, and the commit makes them durable with one sync of the file system (or, where
 * there is none, an fsync of each file and folder); other threads' writes keep their own fsyncs.
 */
class LocalBlobStoreGroupCommitTest {
    @TempDir
    Path tmp;

    /** Records fsyncs and commits; {@code syncfs} false plays a platform without it. */
    private static final class RecordingOps extends FileOps {
        final List<String> steps = new CopyOnWriteArrayList<>();
        final boolean syncfs;
        IOException failCommit;

        RecordingOps(boolean syncfs) {
            this.syncfs = syncfs;
        }

        @Override
        void fsync(FileChannel channel) throws IOException {
            steps.add("fsync");
            super.fsync(channel);
        }

        @Override
        void fsyncDirectory(Path dir) throws IOException {
            steps.add("fsync-dir " + dir.getFileName());
            super.fsyncDirectory(dir);
        }

        @Override
        void syncAll(Path root, Collection<Path> files, Collection<Path> folders) throws IOException {
            steps.add("commit " + files.size() + " files in " + folders.size() + " folders");
            if (failCommit != null) {
                throw failCommit;
            }
            super.syncAll(root, files, folders);
        }

        @Override
        boolean syncFileSystem(Path root) throws IOException {
            return syncfs && super.syncFileSystem(root);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private LocalBlobStore storeWithFolders(RecordingOps ops) {
        LocalBlobStore store = new LocalBlobStore(tmp.resolve("store"), ops);
        store.write("a/seed.json", WriteCondition.createOnly(), bytes("{}"));
        store.write("b/seed.json", WriteCondition.createOnly(), bytes("{}"));
        ops.steps.clear();
        return store;
    }

    @Test
    void writesInAGroupAreVisibleAtOnceAndMadeDurableByOneCommit() {
        RecordingOps ops = new RecordingOps(true);
        LocalBlobStore store = storeWithFolders(ops);
        GroupCommit groups = store.capability(GroupCommit.class).orElseThrow();

        try (GroupCommit.Group group = groups.begin()) {
            store.write("a/1.json", WriteCondition.createOnly(), bytes("one"));
            store.write("a/2.json", WriteCondition.createOnly(), bytes("two"));
            String etag = store.write("b/3.json", WriteCondition.createOnly(), bytes("three")).etag();
            store.write("b/3.json", WriteCondition.ifMatch(etag), bytes("three, again"));
            assertThat(store.stat("a/1.json")).isPresent();
            assertThat(ops.steps).as("no fsync inside the group").isEmpty();
            assertThatThrownBy(() -> store.write("a/1.json", WriteCondition.createOnly(), bytes("x")))
                    .as("conditions hold in a group").isInstanceOf(io.esbackup.error.AlreadyExistsException.class);
            group.commit();
            assertThat(ops.steps).as("syncfs first, then each file and folder, clean by then")
                    .containsExactly("commit 3 files in 2 folders", "fsync", "fsync", "fsync", "fsync-dir a",
                            "fsync-dir b");
            ops.steps.clear();
            group.commit();
            assertThat(ops.steps).as("a commit with nothing new does nothing more")
                    .containsExactly("commit 0 files in 0 folders");
        }
        ops.steps.clear();
        store.write("a/4.json", WriteCondition.createOnly(), bytes("four"));
        assertThat(ops.steps).as("closed: writes wait for their own fsyncs again").containsExactly("fsync",
                "fsync-dir a");
        assertThat(store.read("b/3.json")).isPresent();
    }

    @Test
    void withoutSyncfsTheCommitStillFsyncsEachFileStillThereAndEachFolder() throws Exception {
        RecordingOps ops = new RecordingOps(false);
        LocalBlobStore store = storeWithFolders(ops);
        try (GroupCommit.Group group = store.begin()) {
            store.write("a/1.json", WriteCondition.createOnly(), bytes("one"));
            store.write("b/2.json", WriteCondition.createOnly(), bytes("two"));
            store.write("b/gone.json", WriteCondition.createOnly(), bytes("gone"));
            store.delete("b/gone.json");
            group.commit();
        }
        assertThat(ops.steps).containsExactly("commit 3 files in 2 folders", "fsync", "fsync", "fsync-dir a",
                "fsync-dir b");
    }

    @Test
    void withContentFirstEachWriteFsyncsItsContentBeforeItsNameAndTheNameWaitsForTheCommit() {
        RecordingOps ops = new RecordingOps(true);
        LocalBlobStore store = storeWithFolders(ops);
        try (GroupCommit.Group group = store.begin()) {
            store.write("a/1.json", WriteCondition.createOnly(), bytes("one"));
            group.contentFirst();
            store.write("a/2.json", WriteCondition.createOnly(), bytes("two"));
            String etag = store.write("b/3.json", WriteCondition.createOnly(), bytes("three")).etag();
            store.write("b/3.json", WriteCondition.ifMatch(etag), bytes("three, again"));
            assertThat(ops.steps).as("content only, no folder").containsExactly("fsync", "fsync", "fsync");
        }
    }

    @Test
    void aGroupDefersOnlyTheWritesOfTheThreadThatOpenedIt() throws Exception {
        RecordingOps ops = new RecordingOps(true);
        LocalBlobStore store = storeWithFolders(ops);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (GroupCommit.Group group = store.begin()) {
            other.submit(() -> store.write("a/other.json", WriteCondition.createOnly(), bytes("x"))).get();
            assertThat(ops.steps).containsExactly("fsync", "fsync-dir a");
            assertThatThrownBy(() -> other.submit(group::commit).get()).hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another thread");
            assertThatThrownBy(store::begin).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already has a group open");
        } finally {
            other.shutdown();
        }
    }

    @Test
    void aFailedCommitSaysHowManyWritesMayBeLostAndKeepsThemForTheNextCommit() {
        RecordingOps ops = new RecordingOps(true);
        LocalBlobStore store = storeWithFolders(ops);
        try (GroupCommit.Group group = store.begin()) {
            store.write("a/1.json", WriteCondition.createOnly(), bytes("one"));
            IOException disk = new IOException("injected: disk gone");
            ops.failCommit = disk;
            assertThatThrownBy(group::commit).isInstanceOf(StorageException.class)
                    .hasMessageContaining("making 1 writes under").hasCause(disk);
            ops.failCommit = null;
            group.commit();
        }
        assertThat(ops.steps).endsWith("commit 1 files in 1 folders", "fsync", "fsync-dir a");
        store.begin().close(); // closed, the thread may open another
    }

    @Test
    void onLinuxTheCommitSyncsTheFileSystemWithSyncDashF() throws Exception {
        assertThat(System.getProperty("os.name")).as("CI runs on Linux, where coreutils has sync -f").contains("Linux");
        assertThat(FileOps.DEFAULT.syncFileSystem(tmp)).as("sync -f %s", tmp).isTrue();
        assertThat(FileOps.DEFAULT.syncFileSystem(tmp.resolve("missing"))).as("sync -f of a missing folder").isFalse();
    }
}
