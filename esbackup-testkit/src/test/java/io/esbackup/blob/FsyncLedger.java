package io.esbackup.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link FileOps} that keeps account of which published files were made durable: their content fsynced before they
 * were published or by a group commit that succeeded, and their name by an fsync of their folder since. It plays a platform without {@code sync -f} (each
 * commit fsyncs its own files only), and can fail the next commit as a write-back error would: after a failed
 * fsync nothing of those files is known to be on disk. Public so that tests of the backup package can use it.
 */
public final class FsyncLedger extends FileOps {
    private final Map<FileChannel, Path> open = new ConcurrentHashMap<>();
    private final Set<Path> durableTemps = ConcurrentHashMap.newKeySet();
    private final Set<Path> durable = ConcurrentHashMap.newKeySet();
    /** Published files whose name waits for an fsync of their folder. */
    private final Set<Path> namesPending = ConcurrentHashMap.newKeySet();
    private volatile IOException failNextCommit;
    private volatile int commitsToPass;

    /** A store over {@code root} whose file steps this ledger records. */
    public LocalBlobStore open(Path root) {
        return new LocalBlobStore(root, this);
    }

    /** The next group commit throws {@code failure}, as an fsync reporting a write-back error would. */
    public void failNextCommit(IOException failure) {
        failCommitAfter(0, failure);
    }

    /** The group commit after the next {@code passing} ones throws {@code failure}. */
    public void failCommitAfter(int passing, IOException failure) {
        commitsToPass = passing;
        failNextCommit = failure;
    }

    /** Whether {@code file} as published was made durable: its content, and its name by an fsync of its folder. */
    public boolean durable(Path file) {
        Path f = file.toAbsolutePath().normalize();
        return durable.contains(f) && !namesPending.contains(f);
    }

    @Override
    void fsyncDirectory(Path dir) throws IOException {
        super.fsyncDirectory(dir);
        Path d = dir.toAbsolutePath().normalize();
        namesPending.removeIf(f -> d.equals(f.getParent()));
    }

    @Override
    FileChannel create(Path temp) throws IOException {
        FileChannel channel = super.create(temp);
        open.put(channel, temp);
        return channel;
    }

    @Override
    void fsync(FileChannel channel) throws IOException {
        super.fsync(channel);
        Path temp = open.remove(channel);
        if (temp != null) {
            durableTemps.add(temp);
        }
    }

    @Override
    void link(Path target, Path temp) throws IOException {
        super.link(target, temp);
        published(target, temp);
    }

    @Override
    void rename(Path temp, Path target) throws IOException {
        super.rename(temp, target);
        published(target, temp);
    }

    private void published(Path target, Path temp) {
        Path t = target.toAbsolutePath().normalize();
        namesPending.add(t);
        if (durableTemps.remove(temp)) {
            durable.add(t);
        } else {
            durable.remove(t);
        }
    }

    @Override
    void syncAll(Path root, Collection<Path> files, Collection<Path> folders) throws IOException {
        IOException failure = failNextCommit;
        if (failure != null && commitsToPass-- == 0) {
            failNextCommit = null;
            throw failure;
        }
        super.syncAll(root, files, folders);
        files.forEach(f -> durable.add(f.toAbsolutePath().normalize()));
    }

    @Override
    boolean syncFileSystem(Path root) {
        return false;
    }
}
