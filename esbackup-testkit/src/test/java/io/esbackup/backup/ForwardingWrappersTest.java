package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.testkit.WrapperTransparency;
import io.esbackup.testkit.WrapperTransparency.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12: a do-nothing wrapper around the file event store and the blob provider keeps the raw backup path,
 * the restore journal, the sweep of abandoned writes and validation, and writes the same bytes.
 */
class ForwardingWrappersTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-09-17T08:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void wrappersAroundTheFileStoreAndTheBlobProviderChangeNothing() {
        Outcome plain = run("plain", false);
        Outcome wrapped = run("wrapped", true);

        WrapperTransparency.assertSame(plain, wrapped);
        assertThat(plain.cleanup().temporaryFiles()).as("one abandoned write in each folder").isEqualTo(2);
        assertThat(leftovers("plain")).isZero();
        assertThat(leftovers("wrapped")).isZero();
    }

    private Outcome run(String name, boolean wrapped) {
        Path store = dir.resolve(name).resolve("store");
        Path backups = dir.resolve(name).resolve("backups");
        return WrapperTransparency.run(new LocalBlobStore(store), new LocalBlobStore(backups), wrapped, CLOCK,
                () -> {
                    abandonedWrite(store.resolve("order"));
                    abandonedWrite(backups.resolve("backups"));
                });
    }

    /** A temporary file as a write killed long ago leaves it. */
    private static void abandonedWrite(Path folder) {
        try {
            Path temp = Files.writeString(folder.resolve(".esb-tmp-killed"), "half");
            Files.setLastModifiedTime(temp, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long leftovers(String name) {
        try (var files = Files.walk(dir.resolve(name))) {
            return files.filter(p -> p.getFileName().toString().startsWith(".esb-tmp-")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
