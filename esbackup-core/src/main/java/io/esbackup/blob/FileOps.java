package io.esbackup.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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

    /**
     * Makes every write of {@code files} durable, with their names in {@code folders}: an fsync of each file
     * still there and of each folder. First, where there is one, a {@code syncfs} of the root's file system
     * (through {@code sync -f}, coreutils 8.24 and later: Java 17 cannot call it directly) writes everything back
     * in one pass, so those fsyncs find clean files and return at once; they are kept because they report a
     * write-back error of their own file, which a {@code syncfs} reports to one caller only (or, before Linux 5.8,
     * to none).
     */
    void syncAll(Path root, Collection<Path> files, Collection<Path> folders) throws IOException {
        if (files.isEmpty() && folders.isEmpty()) {
            return;
        }
        try {
            syncFileSystem(root);
        } catch (IOException e) {
            // Only a head start: the fsyncs below do what it would have done.
        }
        for (Path file : files) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                fsync(ch);
            } catch (NoSuchFileException e) {
                // Deleted since (a discarded stream): nothing of it to keep.
            }
        }
        for (Path folder : folders) {
            fsyncDirectory(folder);
        }
    }

    private static final Path SYNC = findSync();

    /** Whether {@code sync -f root} ran and succeeded. */
    boolean syncFileSystem(Path root) throws IOException {
        if (SYNC == null) {
            return false;
        }
        Process p = new ProcessBuilder(SYNC.toString(), "-f", root.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return false;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while making writes under " + root + " durable");
        }
        return p.exitValue() == 0;
    }

    private static Path findSync() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        for (String candidate : new String[] {"/usr/bin/sync", "/bin/sync"}) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
