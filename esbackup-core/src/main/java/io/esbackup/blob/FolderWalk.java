package io.esbackup.blob;

import io.esbackup.error.StorageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * How {@link LocalBlobStore} walks its folders: lazily, and past entries that vanish while it walks. Each entry
 * comes with the attributes the walk read of it anyway (to tell a folder from a file), so a listing of a
 * folder of a hundred thousand documents reads each one's attributes once, not twice.
 */
final class FolderWalk {
    private FolderWalk() {}

    /** A path the walk met, with its attributes as {@code lstat} gave them (links not followed). */
    record Entry(Path path, BasicFileAttributes attributes) {}

    /**
     * Everything under {@code dir}, or, when the prefix ends in a partial name, only the entries of
     * {@code dir} starting with it and what lies below them: looking for one stream's files must not walk
     * every stream of its object name (and their snapshots).
     */
    static Stream<Entry> candidates(Path dir, String partialName) throws IOException {
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
                    BasicFileAttributes a = attributes(p);
                    if (a == null) {
                        return Stream.empty(); // vanished since the folder listed it
                    }
                    return a.isDirectory() ? walk(p) : Stream.of(new Entry(p, a));
                });
    }

    /**
     * {@code dir} and everything below it, lazily. Unlike {@code Files.walk}, an entry that vanishes while
     * it is walked (another writer's temporary file, a blob deleted meanwhile) is passed over instead of
     * ending the listing with an error.
     */
    static Stream<Entry> walk(Path dir) {
        Deque<DirectoryStream<Path>> open = new ArrayDeque<>();
        Deque<Iterator<Path>> pending = new ArrayDeque<>();
        Iterator<Entry> paths = new Iterator<>() {
            private Entry next = entry(dir);

            @Override
            public boolean hasNext() {
                while (next == null && !pending.isEmpty()) {
                    Iterator<Path> top = pending.peek();
                    if (top.hasNext()) {
                        next = entry(top.next()); // null: vanished since the folder listed it
                    } else {
                        pending.pop();
                        LocalBlobStore.closeQuietly(open.pop());
                    }
                }
                return next != null;
            }

            @Override
            public Entry next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Entry entry = next;
                Path p = entry.path();
                next = null;
                if (entry.attributes().isDirectory()) {
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
                return entry;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(paths, Spliterator.ORDERED), false)
                .onClose(() -> open.forEach(LocalBlobStore::closeQuietly));
    }

    private static Entry entry(Path p) {
        BasicFileAttributes a = attributes(p);
        return a == null ? null : new Entry(p, a);
    }

    /** {@code p}'s own attributes (a link's, not its target's), or {@code null} if it is gone. */
    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | NotDirectoryException gone) {
            return null;
        } catch (IOException e) {
            throw new StorageException("reading the attributes of " + p, e);
        }
    }
}
