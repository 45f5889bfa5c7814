package io.esbackup.backup;

import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.StorageException;
import io.esbackup.error.TransientStorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One pack being written: a create-only blob write that stays open while entries are appended, one worker at a
 * time. The blob store's write runs on a thread of its own and takes the bytes from a small queue, so memory is
 * a few buffers whatever the pack's size, and the store still publishes the pack only when it is whole.
 */
final class OpenPack {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] END = new byte[0];
    private static final byte[] ABANDON = new byte[0];

    /** What the index records of one entry; {@code manifest} null for an entry whose backup failed. */
    record Entry(long archiveOffset, long archiveLength, byte[] manifest) {}

    final int number;
    final String key;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(4);
    private final Thread uploader;
    private final List<Entry> entries = new ArrayList<>();
    private volatile Throwable failure;
    private volatile BlobInfo stored;
    private byte[] buf = new byte[CHUNK];
    private int len;
    private long size;
    private long manifestBytes;
    private int live;

    OpenPack(BlobStore blobs, int number, String key) {
        this.number = number;
        this.key = key;
        AtomicBoolean sent = new AtomicBoolean();
        this.uploader = new Thread(() -> {
            try {
                stored = blobs.write(key, WriteCondition.createOnly(), out -> {
                    // The bytes come from a queue, once: a store that retries a failed write by calling its writer
                    // again (RetryingBlobStore) would wait forever for them, or publish what is left of them.
                    if (!sent.compareAndSet(false, true)) {
                        throw new TransientStorageException("pack " + key + " cannot be sent again after a failed "
                                + "attempt: its bytes were streamed once; the run fails and a new run writes them");
                    }
                    for (byte[] c = take(); c != END; c = take()) {
                        if (c == ABANDON) {
                            throw new IOException("pack " + key + " abandoned");
                        }
                        out.write(c);
                    }
                });
            } catch (Throwable e) {
                failure = e;
                chunks.clear(); // a producer waiting for room sees the failure next
            }
        }, "esbackup-pack " + key);
        uploader.setDaemon(true);
        uploader.start();
    }

    private byte[] take() throws InterruptedIOException {
        try {
            return chunks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("pack upload interrupted");
        }
    }

    /** Reserves the next ordinal. */
    int reserve() {
        entries.add(null);
        return entries.size() - 1;
    }

    long position() {
        return size + len;
    }

    /** An output stream appending to the pack; closing it does not close the pack. */
    OutputStream appender() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                if (len == buf.length) {
                    handOver();
                }
                buf[len++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int n) throws IOException {
                while (n > 0) {
                    if (len == buf.length) {
                        handOver();
                    }
                    int k = Math.min(n, buf.length - len);
                    System.arraycopy(b, off, buf, len, k);
                    len += k;
                    off += k;
                    n -= k;
                }
            }
        };
    }

    /** Records entry {@code ordinal}: its archive's place in the pack and its manifest (null: no backup). */
    void record(int ordinal, long archiveOffset, long archiveLength, byte[] manifest) {
        entries.set(ordinal, new Entry(archiveOffset, archiveLength, manifest));
        if (manifest != null) {
            live++;
            manifestBytes += manifest.length;
        }
    }

    int entryCount() {
        return entries.size();
    }

    int liveEntries() {
        return live;
    }

    /** Whether the pack has reached either limit and should be closed rather than take another entry. */
    boolean full(PackLimits limits) {
        return position() >= limits.maxPackBytes() || entries.size() >= limits.maxEntriesPerPack()
                || manifestBytes >= limits.maxPackBytes();
    }

    private void handOver() throws IOException {
        put(buf.length == len ? buf : Arrays.copyOf(buf, len));
        size += len;
        buf = new byte[CHUNK];
        len = 0;
    }

    private void put(byte[] chunk) throws IOException {
        try {
            while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                throwIfFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("writing pack " + key + " was interrupted");
        }
        throwIfFailed();
    }

    void throwIfFailed() throws IOException {
        Throwable f = failure;
        if (f != null) {
            throw new IOException("writing pack " + key + " failed: " + f.getMessage(), f);
        }
    }

    /** The store's failure to write the pack, as the store threw it, or null while the write goes on. */
    RuntimeException failure() {
        Throwable f = failure;
        return f == null ? null : failed(f);
    }

    /** Finishes the pack's blob; the stored info, checked to hold every byte appended. */
    BlobInfo finish() {
        try {
            if (len > 0) {
                handOver();
            }
            put(END);
            uploader.join();
        } catch (IOException e) {
            abandon(); // interrupted or failed: the uploader must not wait for bytes that never come
            throw failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new StorageException("finishing pack " + key, new InterruptedIOException("interrupted"));
        }
        if (failure != null) {
            throw failed(failure);
        }
        if (stored.size() != size) {
            throw new IllegalStateException("the store reports " + stored.size() + " bytes for pack " + key + " of "
                    + size);
        }
        return stored;
    }

    /** The failure as the store threw it, so that its type (transient, storage) survives the hand-over. */
    private RuntimeException failed(Throwable e) {
        Throwable cause = e instanceof IOException && e.getCause() != null && e != failure ? e.getCause() : e;
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new StorageException("writing pack " + key, cause instanceof IOException io ? io
                : new IOException(cause));
    }

    /** Stops the write: the store publishes nothing. */
    void abandon() {
        chunks.clear();
        chunks.offer(ABANDON);
        try {
            uploader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Entry> entries() {
        return entries;
    }
}
