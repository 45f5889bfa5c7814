package io.esbackup.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file system steps of {@link LocalBlobStore}'s commit protocol, in one seam so a test can fail any
 * single step (create, fsync, link, rename) and check that nothing half-written becomes visible.
 */
class FileOps {
    static final FileOps DEFAULT = new FileOps();

    FileChannel create(Path temp) throws IOException {
        return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    void fsync(FileChannel channel) throws IOException {
        channel.force(true);
    }

    /** Publishes {@code temp} at {@code target} only if {@code target} does not exist, atomically. */
    void link(Path target, Path temp) throws IOException {
        Files.createLink(target, temp);
    }

    /** Publishes {@code temp} at {@code target}, replacing it, atomically. */
    void rename(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes a rename or link in {@code dir} durable. */
    void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the rename is still atomic there.
        }
    }
}
