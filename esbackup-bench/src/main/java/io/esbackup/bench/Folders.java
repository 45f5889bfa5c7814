package io.esbackup.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
