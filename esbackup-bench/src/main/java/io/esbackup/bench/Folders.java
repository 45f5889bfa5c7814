package io.esbackup.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Sizes, listings and removal of the bench's folders. */
final class Folders {
    private Folders() {}

    /** The regular files under {@code root}, in a stable (sorted) order. */
    static List<Path> files(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** Total bytes of the regular files under {@code root}. */
    static int count(Path root) {
        return files(root).size();
    }

    static long size(Path root) {
        long total = 0;
        for (Path f : files(root)) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stat " + f, e);
            }
        }
        return total;
    }

    static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        // A folder's files, then the folder, one at a time: a registry run leaves a million files, which a sorted
        // list of every path would hold in the launcher's heap.
        try {
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file,
                                                               java.nio.file.attribute.BasicFileAttributes a)
                        throws IOException {
                    Files.deleteIfExists(file);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
