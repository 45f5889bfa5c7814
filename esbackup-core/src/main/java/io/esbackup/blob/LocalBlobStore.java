package io.esbackup.blob;

import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.StorageException;
import io.esbackup.internal.BackgroundOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Iterator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} over a folder: key {@code a/b/c.json} is the file {@code root/a/b/c.json}.
 *
 * <p>Every write goes to a temporary file in the target's folder, is fsynced (inside a {@link GroupCommit}
 * group, only at the group's commit), and is then published
 * with one atomic step: a hard link for create-only writes (which fails if the target exists, even
 * against another process), a rename otherwise. A crash leaves at most a temporary file, which
 * {@link #list} never shows and {@link #sweepAbandonedWrites} removes once it is old. A create-only write
 * that fails after its link (the folder's fsync) removes what it linked, so a failed write leaves nothing
 * under its key, whichever step failed. If-match writes are
 * atomic within one JVM; two processes updating the same document through one folder are not supported.
 */
public final class LocalBlobStore implements BlobStore, AbandonedWrites, GroupCommit {
    static final String TEMP_PREFIX = ".esb-tmp-";
    /** The longest file name, in bytes, that ext4, xfs and most other file systems accept. */
    static final int MAX_NAME_BYTES = 255;

    private final Path root;
    private final FileOps ops;
    /** The group the current thread opened on this store, if any (see {@link GroupCommit}). */
    private final ThreadLocal<FileGroup> group = new ThreadLocal<>();
    // Shared by every instance in the JVM (two stores over one folder must not both win an if-match),
    // and striped so memory stays fixed however many keys a long bulk run touches.
    private static final Object[] LOCKS = new Object[256];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    /**
     * Folders a write in this JVM has created and whose names are not yet durable in their parents. Another
     * write that publishes into one of them in that moment makes the name durable itself before it returns.
     */
    private static final ConcurrentHashMap<Path, Integer> FOLDERS_IN_FLIGHT = new ConcurrentHashMap<>();

    public LocalBlobStore(Path root) {
        this(root, FileOps.DEFAULT);
    }

    LocalBlobStore(Path root, FileOps ops) {
        if (root == null) {
            throw new IllegalArgumentException("root must not be null");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("root " + root + " exists and is not a directory");
        }
        this.root = root.toAbsolutePath().normalize();
        this.ops = ops;
    }

    public Path root() {
        return root;
    }

    @Override
    public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
        Path target = path(key);
        if (condition.kind() == WriteCondition.Kind.CREATE_ONLY && Files.exists(target)) {
            throw new AlreadyExistsException("blob " + key + " already exists");
        }
        FileGroup deferred = group.get();
        Path temp = null;
        try {
            temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
            try (FileChannel channel = createTemp(temp, deferred)) {
                // Past its first buffer, a write's file I/O runs on a thread of its own, beside the writer's work.
                BackgroundOutputStream out = new BackgroundOutputStream(
                        new UnclosableOutputStream(Channels.newOutputStream(channel)), "esbackup-file-writer");
                try {
                    writer.writeTo(out);
                    out.close();
                } catch (IOException | RuntimeException | Error e) {
                    out.abandon();
                    throw e;
                }
                if (deferred == null || deferred.contentFirst) {
                    ops.fsync(channel);
                }
            }
            // Read before publishing: the published name is the same file (a link or a rename changes neither its
            // key, nor its time, nor its size), so this is what a stat of the key would say, one system call less.
            BasicFileAttributes attributes = Files.readAttributes(temp, BasicFileAttributes.class);
            Object written = attributes.fileKey();
            publish(key, target, temp, condition);
            if (deferred != null) {
                deferred.written(target);
                if (!FOLDERS_IN_FLIGHT.isEmpty()) {
                    deferred.foldersInFlight(target.getParent());
                }
                return info(key, attributes);
            }
            try {
                ops.fsyncDirectory(target.getParent());
                if (!FOLDERS_IN_FLIGHT.isEmpty()) {
                    folderNamesDurable(target.getParent());
                }
            } catch (IOException | RuntimeException | Error e) {
                if (condition.kind() == WriteCondition.Kind.CREATE_ONLY) {
                    withdraw(key, target, written, e);
                }
                throw e;
            }
            return info(key, attributes);
        } catch (IOException e) {
            throw new StorageException("writing blob " + key, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Takes back a create-only write that was published but failed before it was durable, so that a failed
     * write leaves nothing, as it does when it fails earlier: a caller that writes the key again (or a
     * backup that cleans up after itself) must not find its own failed attempt standing in the way. Only the
     * file this write published is removed, never another writer's.
     */
    private void withdraw(String key, Path target, Object written, Throwable failure) {
        try {
            synchronized (lock(key)) {
                BasicFileAttributes now = Files.readAttributes(target, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (written != null && written.equals(now.fileKey())) {
                    Files.delete(target);
                }
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The temporary file, and its folders if they are missing (checked only then: most writes go to a known one). */
    private FileChannel createTemp(Path temp, FileGroup deferred) throws IOException {
        try {
            return ops.create(temp);
        } catch (NoSuchFileException e) {
            createFolders(temp.getParent(), deferred);
            return ops.create(temp);
        }
    }

    /**
     * Creates {@code dir} and its missing ancestors, and fsyncs the parent of each: a new folder's name is
     * durable only once its parent is, and so is everything published in it. A journaling file system
     * commits the name with the first fsync anyway; without a journal (ext2, ext4 made without one, as on
     * the machine of docs/BENCHMARKS.md) a crash could otherwise lose a folder whose files were fsynced.
     * Inside a group the parents wait for its commit, and the new folders stay marked in flight until then, so
     * that a write of another thread that publishes into one makes its name durable itself.
     */
    private void createFolders(Path dir, FileGroup deferred) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.isDirectory(d); d = d.getParent()) {
            missing.add(d);
        }
        // Counted, not a set: two writes may make one folder at once, and the first to finish must not
        // unmark it while the other has yet to make its name durable.
        missing.forEach(d -> FOLDERS_IN_FLIGHT.merge(d, 1, Integer::sum));
        boolean handedOver = false;
        try {
            Files.createDirectories(dir);
            if (deferred != null) {
                deferred.created(missing);
                handedOver = true;
                return;
            }
            for (Path d : missing) {
                ops.fsyncDirectory(d.getParent());
            }
        } finally {
            if (!handedOver) {
                unmark(missing);
            }
        }
    }

    private static void unmark(List<Path> folders) {
        folders.forEach(d -> FOLDERS_IN_FLIGHT.computeIfPresent(d, (k, n) -> n == 1 ? null : n - 1));
    }

    /** Makes durable the names of {@code dir} and its ancestors that another write has just created. */
    private void folderNamesDurable(Path dir) throws IOException {
        for (Path d = dir; d != null && d.getParent() != null; d = d.getParent()) {
            if (FOLDERS_IN_FLIGHT.containsKey(d)) {
                ops.fsyncDirectory(d.getParent());
            }
        }
    }

    private void publish(String key, Path target, Path temp, WriteCondition condition) throws IOException {
        switch (condition.kind()) {
            case CREATE_ONLY -> {
                try {
                    ops.link(target, temp);
                } catch (FileAlreadyExistsException e) {
                    throw new AlreadyExistsException("blob " + key + " already exists");
                } catch (UnsupportedOperationException e) {
                    // No hard links on this file system: fall back to check-then-rename under the key lock.
                    synchronized (lock(key)) {
                        if (Files.exists(target)) {
                            throw new AlreadyExistsException("blob " + key + " already exists");
                        }
                        ops.rename(temp, target);
                    }
                }
            }
            case IF_MATCH -> {
                synchronized (lock(key)) {
                    String current = stat(key).map(BlobInfo::etag).orElse(null);
                    if (!condition.etag().equals(current)) {
                        throw new ConflictException("blob " + key + " was changed by another writer (expected ETag "
                                + condition.etag() + ", found " + (current == null ? "no blob" : current) + ")");
                    }
                    ops.rename(temp, target);
                }
            }
            case OVERWRITE -> {
                synchronized (lock(key)) {
                    ops.rename(temp, target);
                }
            }
        }
    }

    /**
     * Opens a group on this thread: its writes skip their fsyncs (after {@link Group#contentFirst}, only the
     * fsync of their folder), and {@link Group#commit} makes them durable: one {@code syncfs} of the root's file
     * system where the platform has one, then an fsync of each file written and of its folder, which finds them
     * clean and reports a write-back error of its own (docs/ARCHITECTURE.md, section 6a).
     */
    @Override
    public Group begin() {
        if (group.get() != null) {
            throw new IllegalStateException("this thread already has a group open on " + root);
        }
        FileGroup g = new FileGroup();
        group.set(g);
        return g;
    }

    /** The writes of one thread's group: what an fsync of each, where there is no syncfs, would have to cover. */
    private final class FileGroup implements Group {
        private final java.util.Set<Path> files = new java.util.LinkedHashSet<>();
        private final java.util.Set<Path> folders = new java.util.LinkedHashSet<>();
        /** Folders this group created, marked in flight until the commit has made their names durable. */
        private final List<Path> created = new ArrayList<>();
        private boolean contentFirst;

        void written(Path file) {
            files.add(file);
            folders.add(file.getParent());
        }

        void created(List<Path> dirs) {
            created.addAll(dirs);
            dirs.forEach(d -> folders.add(d.getParent()));
        }

        /** The parents of {@code dir} and its ancestors that another write has just created: their names too. */
        void foldersInFlight(Path dir) {
            for (Path d = dir; d != null && d.getParent() != null; d = d.getParent()) {
                if (FOLDERS_IN_FLIGHT.containsKey(d)) {
                    folders.add(d.getParent());
                }
            }
        }

        @Override
        public void include(String key) {
            requireOpen();
            Path file = path(key);
            files.add(file);
            // Every folder on the way: the earlier writer may have created them and died before their names were.
            for (Path d = file.getParent(); d != null && d.startsWith(root); d = d.getParent()) {
                folders.add(d);
            }
        }

        @Override
        public void contentFirst() {
            requireOpen();
            contentFirst = true;
        }

        @Override
        public void commit() {
            requireOpen();
            try {
                ops.syncAll(root, files, folders);
            } catch (IOException e) {
                throw new StorageException("making " + files.size() + " writes under " + root + " durable", e);
            }
            files.clear();
            folders.clear();
            unmark(created);
            created.clear();
        }

        @Override
        public void close() {
            if (group.get() == this) {
                group.remove();
            }
            // Folders of writes never committed: their names made durable now, as outside a group, since another
            // thread's writes may have gone into them meanwhile; if that fails they stay marked, which only
            // costs later writes into them an fsync of their parent.
            try {
                for (Path d : created) {
                    ops.fsyncDirectory(d.getParent());
                }
                unmark(created);
            } catch (IOException | RuntimeException e) {
                // kept marked
            }
            created.clear();
        }

        private void requireOpen() {
            if (group.get() != this) {
                throw new IllegalStateException("the group is closed, or was opened on another thread");
            }
        }
    }

    @Override
    public Optional<Blob> read(String key) {
        Path file = path(key);
        // The ETag is read before and after opening; equal values mean the open stream has those bytes.
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<BlobInfo> before = stat(key);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            InputStream in;
            try {
                in = Files.newInputStream(file);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new StorageException("reading blob " + key, e);
            }
            Optional<BlobInfo> after = stat(key);
            if (after.isPresent() && after.get().etag().equals(before.get().etag())) {
                return Optional.of(new Blob(before.get(), in));
            }
            closeQuietly(in);
        }
        throw new ConflictException("blob " + key + " kept changing while being opened");
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        Path file = path(key);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(info(key, a));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("reading the attributes of blob " + key, e);
        }
    }

    private static BlobInfo info(String key, BasicFileAttributes a) {
        return new BlobInfo(key, a.size(), etag(a), a.lastModifiedTime().toInstant());
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        BlobKeys.requireValidPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        String name = prefix.substring(slash + 1);
        try {
            return FolderWalk.candidates(dir, name)
                    .filter(e -> !e.path().equals(root)) // the root's key would be "", which is not a key
                    .filter(e -> !e.path().getFileName().toString().startsWith(TEMP_PREFIX))
                    .flatMap(e -> {
                        String key = keyOf(e.path());
                        if (!key.startsWith(prefix)) {
                            return Stream.empty();
                        }
                        // A regular file is described by what the walk read; a link, by what it points at.
                        return e.attributes().isRegularFile() ? Stream.of(info(key, e.attributes()))
                                : e.attributes().isSymbolicLink() ? stat(key).stream() : Stream.empty();
                    });
        } catch (IOException e) {
            throw new StorageException("listing " + (prefix.isEmpty() ? "every blob" : "the blobs under " + prefix), e);
        }
    }

    /**
     * Removes the temporary files ({@code .esb-tmp-*}) anywhere under the root last modified before
     * {@code modifiedBefore}: what processes killed mid-write left. Each file's time is read again right
     * before it is removed, so one a running write touched since the walk saw it stays. Removing the name of
     * a write that is still running (older than the cut-off, so stalled for that long) does not publish
     * anything: its link or rename then fails and so does the write.
     */
    @Override
    public AbandonedWriteSweep sweepAbandonedWrites(Instant modifiedBefore, boolean dryRun) {
        if (modifiedBefore == null) {
            throw new IllegalArgumentException("modifiedBefore must not be null");
        }
        if (!Files.isDirectory(root)) {
            return AbandonedWriteSweep.none(dryRun);
        }
        List<String> files = new ArrayList<>();
        long bytes = 0;
        try (Stream<FolderWalk.Entry> all = FolderWalk.walk(root)) {
            for (Iterator<FolderWalk.Entry> it = all.iterator(); it.hasNext(); ) {
                Path p = it.next().path();
                Path name = p.getFileName();
                if (name == null || !name.toString().startsWith(TEMP_PREFIX)) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue; // published or given up by its writer since the walk saw it
                }
                if (!a.isRegularFile() || !a.lastModifiedTime().toInstant().isBefore(modifiedBefore)) {
                    continue;
                }
                if (!dryRun && !Files.deleteIfExists(p)) {
                    continue;
                }
                files.add(keyOf(p));
                bytes += a.size();
            }
        } catch (IOException e) {
            throw new StorageException("sweeping abandoned writes under " + root, e);
        }
        return new AbandonedWriteSweep(files, bytes, dryRun);
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // a directory handle or a stream nothing was read from: nothing to lose
        }
    }

    @Override
    public boolean delete(String key) {
        Path file = path(key); // validates first: lock(null) would throw NullPointerException
        try {
            synchronized (lock(key)) {
                return Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new StorageException("deleting blob " + key, e);
        }
    }

    @Override
    public void checkKey(String key) {
        path(key);
    }

    private Path path(String key) {
        BlobKeys.requireValid(key);
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (name.startsWith(TEMP_PREFIX)) {
            throw new IllegalArgumentException("blob key must not name a temporary file: " + key);
        }
        for (String segment : key.split("/")) {
            if (segment.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("blob key has a name longer than " + MAX_NAME_BYTES
                        + " bytes, which a file system cannot hold: " + segment);
            }
        }
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("blob key escapes the store root: " + key);
        }
        return p;
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private Object lock(String key) {
        return LOCKS[Math.floorMod(root.resolve(key).hashCode(), LOCKS.length)];
    }

    private static String etag(BasicFileAttributes a) {
        // Every write publishes a new file, so (file key, mtime, size) identifies one version of the content.
        String identity = a.fileKey() + "|" + a.lastModifiedTime().toInstant() + "|" + a.size();
        byte[] d = SHA256.get().digest(identity.getBytes(StandardCharsets.UTF_8));
        return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    }

    // A listing computes an ETag per file: one digest per thread rather than a provider lookup per file.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // A leftover temporary file is invisible to list and harmless.
            }
        }
    }


    /** Keeps a writer from closing the channel before it is fsynced. */
    private static final class UnclosableOutputStream extends java.io.FilterOutputStream {
        UnclosableOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
