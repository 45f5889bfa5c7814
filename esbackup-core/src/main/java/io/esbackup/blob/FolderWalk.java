package io.esbackup.blob;

import io.esbackup.error.StorageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** How {@link LocalBlobStore} walks its folders: lazily, and past entries that vanish while it walks. */
final class FolderWalk {
    private FolderWalk() {}

    /**
     * Everything under {@code dir}, or, when the prefix ends in a partial name, only the entries of
     * {@code dir} starting with it and what lies below them: looking for one stream's files must not walk
     * every stream of its object name (and their snapshots).
     */
    static Stream<Path> candidates(Path dir, String partialName) throws IOException {
        if (partialName.isEmpty()) {
            return walk(dir);
        }
        DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                p -> p.getFileName().toString().startsWith(partialName));
        return StreamSupport.stream(entries.spliterator(), false)
                .onClose(() -> {
                    try {
                        entries.close();
                    } catch (IOException e) {
                        throw new StorageException("closing the listing of folder " + dir, e);
                    }
                })
                .flatMap(p -> {
                    if (!Files.isDirectory(p)) {
                        return Stream.of(p);
                    }
                    return walk(p);
                });
    }

    /**
     * {@code dir} and everything below it, lazily. Unlike {@code Files.walk}, an entry that vanishes while
     * it is walked (another writer's temporary file, a blob deleted meanwhile) is passed over instead of
     * ending the listing with an error.
     */
    static Stream<Path> walk(Path dir) {
        Deque<DirectoryStream<Path>> open = new ArrayDeque<>();
        Deque<Iterator<Path>> pending = new ArrayDeque<>();
        Iterator<Path> paths = new Iterator<>() {
            private Path next = dir;

            @Override
            public boolean hasNext() {
                while (next == null && !pending.isEmpty()) {
                    Iterator<Path> top = pending.peek();
                    if (top.hasNext()) {
                        next = top.next();
                    } else {
                        pending.pop();
                        LocalBlobStore.closeQuietly(open.pop());
                    }
                }
                return next != null;
            }

            @Override
            public Path next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Path p = next;
                next = null;
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        DirectoryStream<Path> children = Files.newDirectoryStream(p);
                        open.push(children);
                        pending.push(children.iterator());
                    } catch (NoSuchFileException | NotDirectoryException gone) {
                        // removed since it was seen: nothing below it to list
                    } catch (IOException e) {
                        throw new StorageException("listing folder " + p, e);
                    }
                }
                return p;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(paths, Spliterator.ORDERED), false)
                .onClose(() -> open.forEach(LocalBlobStore::closeQuietly));
    }
}
