package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.store.RawEventCursor;
import io.esbackup.store.StoredDocument;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A backup copies a blob store's events as stored bytes ({@link RawEventCursor}) and any other store's as
 * {@link Event}s; both make archives that restore to the same events.
 */
class EventPathsTest {
    private static final String NAME = "order";

    /** The same store, with cursors that offer only {@link Event}s, as a store of another kind would. */
    static final class EventsOnly implements EventStore {
        private final EventStore d;
        int cursors;

        EventsOnly(EventStore d) {
            this.d = d;
        }

        @Override
        public Optional<StoredDocument> readDocument(String objectName, String objectId) {
            return d.readDocument(objectName, objectId);
        }

        @Override
        public String writeDocument(ObjectDocument document, String expectedEtag) {
            return d.writeDocument(document, expectedEtag);
        }

        @Override
        public EventCursor readEvents(String objectName, StreamInformation stream, int from, int to) {
            cursors++;
            EventCursor c = d.readEvents(objectName, stream, from, to);
            return new EventCursor() {
                @Override
                public StreamHeader header() {
                    return c.header();
                }

                @Override
                public boolean hasNext() {
                    return c.hasNext();
                }

                @Override
                public Event next() {
                    return c.next();
                }

                @Override
                public void close() {
                    c.close();
                }
            };
        }

        @Override
        public StreamInformation appendEvents(String objectName, StreamInformation stream, StreamHeader header,
                                              Iterator<Event> events) {
            return d.appendEvents(objectName, stream, header, events);
        }

        @Override
        public Optional<InputStream> readSnapshot(String objectName, String streamIdentifier, SnapshotRef snapshot) {
            return d.readSnapshot(objectName, streamIdentifier, snapshot);
        }

        @Override
        public void writeSnapshot(String objectName, String streamIdentifier, SnapshotRef snapshot,
                                  BlobWriter content) {
            d.writeSnapshot(objectName, streamIdentifier, snapshot, content);
        }

        @Override
        public boolean streamExists(String objectName, String streamIdentifier) {
            return d.streamExists(objectName, streamIdentifier);
        }

        @Override
        public void deleteStream(String objectName, String streamIdentifier) {
            d.deleteStream(objectName, streamIdentifier);
        }

        @Override
        public Stream<String> listObjectIds(String objectName) {
            return d.listObjectIds(objectName);
        }
    }

    @Test
    void rawAndEventBackupsRestoreToTheSameEvents() {
        InMemoryEventStore store = new InMemoryEventStore();
        assertThat(store.readEvents(NAME, StreamInformation.empty("none", "blob"), 0, 0))
                .as("the in-memory store hands over stored bytes").isInstanceOf(RawEventCursor.class);
        // Past the read-ahead's first 5,000 events, over chunks.
        ObjectDocument doc = Streams.create(store, NAME, "o-1", 12_345, 5_000, 100);
        BlobBackupProvider provider = new BlobBackupProvider(new InMemoryBlobStore());
        EventsOnly eventsOnly = new EventsOnly(store);
        BackupRestoreService raw = new BackupRestoreService(store, provider);
        BackupRestoreService plain = new BackupRestoreService(eventsOnly, provider);

        BackupHandle viaRaw = raw.backupStream(NAME, "o-1", BackupOptions.FULL);
        BackupHandle viaEvents = plain.backupStream(NAME, "o-1", BackupOptions.FULL);
        assertThat(eventsOnly.cursors).isPositive();
        assertThat(raw.validateBackup(viaRaw).valid()).isTrue();
        assertThat(raw.validateBackup(viaEvents).valid()).isTrue();
        assertThat(viaRaw.eventCount()).isEqualTo(viaEvents.eventCount()).isEqualTo(12_345);

        List<Event> original = events(store, doc);
        raw.restoreToNewStream(viaRaw, "from-raw");
        raw.restoreToNewStream(viaEvents, "from-events");
        assertThat(events(store, store.readDocument(NAME, "from-raw").orElseThrow().document())).isEqualTo(original);
        assertThat(events(store, store.readDocument(NAME, "from-events").orElseThrow().document()))
                .isEqualTo(original);
    }

    private static List<Event> events(EventStore store, ObjectDocument doc) {
        List<Event> all = new ArrayList<>();
        StreamInformation s = doc.active();
        try (EventCursor c = store.readEvents(NAME, s, 0, s.currentStreamVersion())) {
            c.forEachRemaining(all::add);
        }
        return all;
    }
}
