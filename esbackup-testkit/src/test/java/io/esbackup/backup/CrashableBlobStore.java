package io.esbackup.backup;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.GroupCommit;
import io.esbackup.blob.WriteCondition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A store that forgets, as a file system's page cache does: a write made inside a {@link GroupCommit} group
 * is visible at once but stays pending until the group commits, and {@link #crash} undoes pending writes
 * (each with a given chance, newest first), as a power cut would. Writes outside a group are durable when
 * they return, as {@code LocalBlobStore}'s are. Each commit writes {@link #COMMIT_KEY} to the store below, so
 * that a fault-injecting store there fails commits as it fails writes. For tests of what a group's order of writes and commits
 * guarantees after a crash.
 */
final class CrashableBlobStore extends ForwardingBlobStore implements GroupCommit {
    /** A write not yet committed, and what its key held before it (null: nothing). */
    private record Pending(String key, byte[] before) {}

    /** Written by each commit, so that a store that fails writes fails commits too. */
    static final String COMMIT_KEY = "crashable-commits";

    private final ThreadLocal<Boolean> open = new ThreadLocal<>();
    private final List<Pending> pending = new ArrayList<>();
    private int commits;

    CrashableBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
        if (open.get() == null) {
            return super.write(key, condition, writer);
        }
        byte[] before = content(key);
        BlobInfo written = super.write(key, condition, writer);
        synchronized (this) {
            pending.add(new Pending(key, before));
        }
        return written;
    }

    @Override
    public Group begin() {
        if (open.get() != null) {
            throw new IllegalStateException("a group is open on this thread");
        }
        open.set(Boolean.TRUE);
        return new Group() {
            @Override
            public void commit() {
                // A commit is a storage operation too: a killed process makes none (and a fault can fail it).
                delegate().write(COMMIT_KEY, WriteCondition.overwrite(), out -> out.write('c'));
                synchronized (CrashableBlobStore.this) {
                    pending.clear();
                    commits++;
                }
            }

            @Override
            public void contentFirst() {
                // A crash here loses whole writes only: content always comes with its name.
            }

            @Override
            public void include(String key) {
                // Writes not yet committed stay pending across groups: the next commit covers them anyway.
            }

            @Override
            public void close() {
                open.remove();
            }
        };
    }

    synchronized int commits() {
        return commits;
    }

    synchronized int pending() {
        return pending.size();
    }

    /** Undoes each pending write with chance {@code loss}, newest first; returns how many it undid. */
    synchronized int crash(Random random, double loss) {
        return undo(key -> random.nextDouble() < loss);
    }

    /**
     * Crashes losing exactly the pending writes whose key {@code lost} accepts (a file system commits the names of
     * one commit's writes in any order); returns how many it undid.
     */
    synchronized int crashLosing(java.util.function.Predicate<String> lost) {
        return undo(lost);
    }

    /** Undoes the pending writes {@code lost} picks, newest first, and forgets the rest. */
    private int undo(java.util.function.Predicate<String> lost) {
        int undone = 0;
        for (int i = pending.size() - 1; i >= 0; i--) {
            Pending p = pending.get(i);
            if (lost.test(p.key())) {
                if (p.before() == null) {
                    delegate().delete(p.key());
                } else {
                    delegate().write(p.key(), WriteCondition.overwrite(), out -> out.write(p.before()));
                }
                undone++;
            }
        }
        pending.clear();
        return undone;
    }

    /**
     * Crashes as a file system that committed the names of the pending writes but not their content (ext4's
     * delayed allocation: a new file found empty after a power cut), which {@link GroupCommit} allows before a
     * commit: each new blob pending is left empty, each one that replaced another is undone. Returns how many.
     */
    synchronized int crashKeepingNames() {
        int torn = 0;
        for (int i = pending.size() - 1; i >= 0; i--) {
            Pending p = pending.get(i);
            if (p.before() == null) {
                delegate().write(p.key(), WriteCondition.overwrite(), out -> { });
                torn++;
            } else {
                delegate().write(p.key(), WriteCondition.overwrite(), out -> out.write(p.before()));
            }
        }
        pending.clear();
        return torn;
    }

    private byte[] content(String key) {
        Optional<Blob> blob = delegate().read(key);
        if (blob.isEmpty()) {
            return null;
        }
        try (Blob b = blob.get()) {
            return b.content().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
