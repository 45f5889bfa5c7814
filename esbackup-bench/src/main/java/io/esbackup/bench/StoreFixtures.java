package io.esbackup.bench;

import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventStore;
import io.esbackup.store.FileEventStore;
import io.esbackup.store.StoredDocument;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Writes the scenarios' event stores through the public {@link FileEventStore}, so the files are exactly
 * what esbackup reads in production, one event at a time from an {@link EventGenerator}.
 */
public final class StoreFixtures {
    public static final String OBJECT_NAME = "order";
    /** The object id of the one stream of a big-stream store. */
    public static final String BIG_STREAM_ID = "big-stream";
    /** Events per stream in a many-streams store. */
    public static final int EVENTS_PER_STREAM = 20;
    // Writes are fsync-bound (the store makes each file durable), so more threads than cores help.
    private static final int WRITERS = 8;

    private final EventGenerator generator;

    public StoreFixtures(EventGenerator generator) {
        this.generator = generator;
    }

    /** A store at {@code dir} with one stream of {@code events} events. */
    public void bigStream(Path dir, int events) {
        writeStream(new FileEventStore(dir), BIG_STREAM_ID, events);
    }

    /** A store at {@code dir} with {@code streams} streams of {@value #EVENTS_PER_STREAM} events each. */
    public void manyStreams(Path dir, int streams) {
        EventStore store = new FileEventStore(dir);
        ForkJoinPool pool = new ForkJoinPool(WRITERS);
        try {
            pool.submit(() -> IntStream.range(0, streams).parallel()
                    .forEach(i -> writeStream(store, objectId(i), EVENTS_PER_STREAM))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the store", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write the store: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Appends one event to every {@code every}-th of the {@code streams} streams of {@link #manyStreams}: what an
     * incremental run then finds changed. Returns how many were changed.
     */
    public int appendToEvery(Path dir, int streams, int every) {
        EventStore store = new FileEventStore(dir);
        int changed = 0;
        for (int i = 0; i < streams; i += every) {
            String objectId = objectId(i);
            StoredDocument stored = store.readDocument(OBJECT_NAME, objectId).orElseThrow();
            StreamInformation active = stored.document().active();
            StreamInformation appended = store.appendEvents(OBJECT_NAME, active, StreamHeader.of(OBJECT_NAME, objectId),
                    java.util.List.of(generator.event(objectId, active.currentStreamVersion() + 1)).iterator());
            store.writeDocument(stored.document().withActive(appended), stored.etag());
            changed++;
        }
        return changed;
    }

    public static String objectId(int index) {
        return String.format("order-%07d", index);
    }

    private void writeStream(EventStore store, String objectId, int events) {
        // Named as the reference library names streams: the object id without dashes, then a sequence number.
        StreamInformation empty = StreamInformation.empty(objectId.replace("-", "") + "-0000000000", "blob");
        StreamInformation active = store.appendEvents(OBJECT_NAME, empty, StreamHeader.of(OBJECT_NAME, objectId),
                generator.events(objectId, events));
        store.writeDocument(ObjectDocument.create(OBJECT_NAME, objectId, active), null);
    }
}
