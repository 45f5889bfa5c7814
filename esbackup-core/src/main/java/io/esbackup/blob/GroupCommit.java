package io.esbackup.blob;

/**
 * An optional capability of a {@link BlobStore} whose writes each wait until they are durable
 * ({@link LocalBlobStore}'s fsyncs): many writes made durable with one wait. While a {@link Group} is open,
 * the writes the thread that opened it makes to the store are published as ever (atomically, visible at
 * once) but not waited for; {@link Group#commit} returns once all of them are durable. A crash before the
 * commit may lose any of them, in any order, or keep a name and lose the content behind it, so a caller
 * commits before it writes anything that must not outlive them (a document that points to a stream), and
 * writes that with {@link Group#contentFirst}. Stores whose writes are durable when they return
 * (Azure, S3, memory) do not have it. Find it with {@link BlobStore#capability}, which looks through wrappers:
 * a wrapper's writes on that thread are deferred too.
 */
public interface GroupCommit {

    /** Opens a group on the calling thread; close it on the same thread. */
    Group begin();

    /** The writes of one thread, made durable together. */
    interface Group extends AutoCloseable {

        /**
         * Makes every write of this group so far durable; the group stays open for more.
         *
         * @throws io.esbackup.error.StorageException if that failed: any of those writes may be lost in a crash
         */
        void commit();

        /**
         * From now on, each write of the group makes its content durable before it publishes its name (the name
         * itself still waits for the commit): for a blob that must never be found torn after a crash, such as a
         * document that names a stream. Without it a crash before the commit may keep a new name and lose the
         * content behind it (a file system may commit a name before the data it points to).
         */
        void contentFirst();

        /**
         * Makes the blob at {@code key}, written before this group (by an earlier process that may not have made it
         * durable), part of this group: the next commit makes its content and its name durable too, with the names
         * of the folders it is in. For a write this group builds on, such as an interrupted import's archive that
         * an import takes as it is.
         */
        void include(String key);

        /** Ends the group: the thread's writes wait for durability again. Writes not committed are not. */
        @Override
        void close();
    }
}
