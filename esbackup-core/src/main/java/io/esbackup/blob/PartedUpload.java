package io.esbackup.blob;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The writer's output of a write to a store that takes content in parts (Azure's blocks, S3's parts): it fills a
 * buffer of at most one part, hands each full part to {@link #sendPart} as more content comes, and keeps the last
 * one for the subclass to send when the write ends. Memory stays one part whatever is written; nothing is visible
 * until the subclass makes it so. A failure of the store while sending a part is kept ({@link #failure()}): the
 * write fails with it whatever the writer does with the {@link IOException} it gets.
 */
public abstract class PartedUpload extends OutputStream {
    private final int partSize;
    private byte[] buffer = new byte[8192];
    private int count;
    private long size;
    private boolean finished;
    private RuntimeException failure;

    protected PartedUpload(int partSize) {
        if (partSize < 1) {
            throw new IllegalArgumentException("partSize must be at least 1, was " + partSize);
        }
        this.partSize = partSize;
    }

    /** Sends {@code length} bytes of {@code part} (a full part) on; the array is the subclass's to keep. */
    protected abstract void sendPart(byte[] part, int length) throws IOException;

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (finished) {
            throw new IOException("the upload is already finished");
        }
        if (failure != null) {
            throw new IOException("a part could not be sent", failure);
        }
        while (len > 0) {
            if (count == partSize) {
                send();
            }
            if (count == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(partSize, buffer.length * 2));
            }
            int n = Math.min(len, buffer.length - count);
            System.arraycopy(b, off, buffer, count, n);
            count += n;
            size += n;
            off += n;
            len -= n;
        }
    }

    private void send() throws IOException {
        try {
            sendPart(buffer, count);
        } catch (RuntimeException e) {
            failure = e;
            throw new IOException("a part could not be sent", e);
        }
        buffer = new byte[partSize];
        count = 0;
    }

    /** Ends the writing: what was not sent yet is {@link #rest()}; throws the store's failure if a part failed. */
    protected void finishWriting() {
        if (failure != null) {
            throw failure;
        }
        finished = true;
    }

    /** The content not sent yet: the last part, or all of it when it fits in one. */
    protected byte[] rest() {
        return Arrays.copyOf(buffer, count);
    }

    /** How many bytes of content are not sent yet. */
    protected int restSize() {
        return count;
    }

    /** All the bytes written so far. */
    public long size() {
        return size;
    }

    /** The store's failure while sending a part, or {@code null}. */
    public RuntimeException failure() {
        return failure;
    }
}
