package io.esbackup.blob;

import static io.esbackup.blob.WriteCondition.createOnly;
import static io.esbackup.blob.WriteCondition.ifMatch;
import static io.esbackup.blob.WriteCondition.overwrite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.esbackup.blob.FailingFileOps.Step;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fails each file system step of {@link LocalBlobStore}'s commit protocol in turn and checks what the
 * protocol promises: the write throws a {@link StorageException} naming the key, with the failure as its
 * cause, nothing half-written is visible, no temporary file is left behind, and an existing blob keeps its
 * content and ETag. The last tests check the message a person reads for a denied permission, a full disk and
 * a key whose folder would be inside a file.
 */
class LocalBlobStoreFaultTest {
    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"CREATE", "FSYNC", "LINK"})
    void aFailedCreateOnlyWriteLeavesNothing(Step step) throws IOException {
        IOException failure = new IOException("injected failure of " + step);
        FailingFileOps ops = new FailingFileOps().fail(step, failure);
        LocalBlobStore store = new LocalBlobStore(root, ops);

        assertThatThrownBy(() -> store.write("a/new", createOnly(), utf8("content")))
                .isInstanceOf(StorageException.class).hasMessageContaining("a/new").cause().isSameAs(failure);

        assertThat(ops.reached).contains(step);
        assertNothingAt(store, "a/new");
        assertNoTempFiles();
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"CREATE", "FSYNC", "RENAME"})
    void aFailedOverwriteKeepsTheOldContent(Step step) throws IOException {
        BlobInfo old = new LocalBlobStore(root).write("a/k", createOnly(), utf8("old"));
        IOException failure = new IOException("injected failure of " + step);
        FailingFileOps ops = new FailingFileOps().fail(step, failure);
        LocalBlobStore store = new LocalBlobStore(root, ops);

        assertThatThrownBy(() -> store.write("a/k", overwrite(), utf8("new content")))
                .isInstanceOf(StorageException.class).hasMessageContaining("a/k").cause().isSameAs(failure);

        assertThat(ops.reached).contains(step);
        assertIntact(store, "a/k", old, "old");
        assertNoTempFiles();
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"CREATE", "FSYNC", "RENAME"})
    void aFailedIfMatchWriteKeepsTheOldContentAndItsEtagValid(Step step) throws IOException {
        BlobInfo old = new LocalBlobStore(root).write("a/k", createOnly(), utf8("old"));
        IOException failure = new IOException("injected failure of " + step);
        FailingFileOps ops = new FailingFileOps().fail(step, failure);
        LocalBlobStore store = new LocalBlobStore(root, ops);

        assertThatThrownBy(() -> store.write("a/k", ifMatch(old.etag()), utf8("new content")))
                .isInstanceOf(StorageException.class).hasMessageContaining("a/k").cause().isSameAs(failure);

        assertThat(ops.reached).contains(step);
        assertIntact(store, "a/k", old, "old");
        assertNoTempFiles();
        // The retry a caller would make succeeds, because the failed attempt did not change the ETag.
        new LocalBlobStore(root).write("a/k", ifMatch(old.etag()), utf8("retried"));
        assertThat(text(store, "a/k")).hasValue("retried");
    }

    @Test
    void withoutHardLinksCreateOnlyFallsBackToRenameAndStillRefusesExistingKeys() throws IOException {
        FailingFileOps ops = new FailingFileOps().fail(Step.LINK, new UnsupportedOperationException("no links"));
        LocalBlobStore store = new LocalBlobStore(root, ops);

        BlobInfo written = store.write("a/k", createOnly(), utf8("first"));

        assertThat(ops.reached).contains(Step.LINK, Step.RENAME);
        assertThatThrownBy(() -> store.write("a/k", createOnly(), utf8("second")))
                .isInstanceOf(AlreadyExistsException.class);
        assertIntact(store, "a/k", written, "first");
        assertNoTempFiles();
    }

    @Test
    void withoutHardLinksAFailedRenameLeavesNothing() throws IOException {
        IOException failure = new IOException("injected failure of RENAME");
        FailingFileOps ops = new FailingFileOps()
                .fail(Step.LINK, new UnsupportedOperationException("no links"))
                .fail(Step.RENAME, failure);
        LocalBlobStore store = new LocalBlobStore(root, ops);

        assertThatThrownBy(() -> store.write("a/new", createOnly(), utf8("content")))
                .isInstanceOf(StorageException.class).hasMessageContaining("a/new").cause().isSameAs(failure);

        assertThat(ops.reached).contains(Step.LINK, Step.RENAME);
        assertNothingAt(store, "a/new");
        assertNoTempFiles();
    }

    @Test
    void aDeniedPermissionIsAStorageExceptionNamingTheKeyAndTheReasonWithTheCauseKept() throws IOException {
        // Tests run as root, whom chmod does not stop: the file system's refusal is injected at the first step.
        AccessDeniedException denied = new AccessDeniedException(root.resolve("orders/.esb-tmp-1").toString());
        LocalBlobStore store = new LocalBlobStore(root, new FailingFileOps().fail(Step.CREATE, denied));

        assertThatThrownBy(() -> store.write("orders/o-1.json", createOnly(), utf8("content")))
                .isExactlyInstanceOf(StorageException.class)
                .hasMessage("writing blob orders/o-1.json failed: Permission denied (" + denied.getFile() + ")")
                .cause().isSameAs(denied);
        assertNothingAt(store, "orders/o-1.json");
        assertNoTempFiles();
    }

    @Test
    void aFullDiskIsAStorageExceptionNamingTheKeyAndTheReason() throws IOException {
        IOException full = new IOException("No space left on device");
        LocalBlobStore store = new LocalBlobStore(root, new FailingFileOps().fail(Step.FSYNC, full));

        assertThatThrownBy(() -> store.write("orders/o-1.json", overwrite(), utf8("content")))
                .isExactlyInstanceOf(StorageException.class)
                .hasMessage("writing blob orders/o-1.json failed: No space left on device")
                .cause().isSameAs(full);
        assertNothingAt(store, "orders/o-1.json");
        assertNoTempFiles();
    }

    @Test
    void aKeyBelowAFileIsAStorageExceptionNamingTheKeyAndTheReason() throws IOException {
        // Nobody, root included, can make a folder inside a regular file.
        LocalBlobStore store = new LocalBlobStore(root);
        store.write("orders", createOnly(), utf8("a file where a folder would be"));

        Throwable thrown = catchThrowable(() -> store.write("orders/o-1.json", createOnly(), utf8("content")));

        assertThat(thrown).isExactlyInstanceOf(StorageException.class)
                .hasMessageStartingWith("writing blob orders/o-1.json failed: Not a directory ("
                        + root.resolve("orders"))
                .hasCauseInstanceOf(FileSystemException.class);
        assertThat(text(store, "orders")).hasValue("a file where a folder would be");
        assertNoTempFiles();

        LocalBlobStore under = new LocalBlobStore(root.resolve("orders").resolve("store"));
        assertThatThrownBy(() -> under.write("k", overwrite(), utf8("content")))
                .isExactlyInstanceOf(StorageException.class)
                .hasMessageStartingWith("writing blob k failed: Not a directory (" + root.resolve("orders"))
                .hasCauseInstanceOf(FileSystemException.class);
    }

    private static void assertNothingAt(LocalBlobStore store, String key) {
        assertThat(store.stat(key)).isEmpty();
        assertThat(store.read(key)).isEmpty();
        try (Stream<BlobInfo> listed = store.list("")) {
            assertThat(listed.map(BlobInfo::key)).doesNotContain(key);
        }
    }

    private static void assertIntact(LocalBlobStore store, String key, BlobInfo old, String content) {
        assertThat(text(store, key)).hasValue(content);
        assertThat(store.stat(key)).map(BlobInfo::etag).hasValue(old.etag());
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            List<String> temps = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(LocalBlobStore.TEMP_PREFIX)).toList();
            assertThat(temps).as("temporary files left under %s", root).isEmpty();
        }
    }

    private static Optional<String> text(LocalBlobStore store, String key) {
        return store.readAllBytes(key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
