package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.ForwardingEventStore;
import io.esbackup.store.RawEventAppender;
import io.esbackup.store.RawEventReader;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.store.RawEventCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A backup copies a blob store's events as stored bytes ({@link RawEventCursor}) and any other store's as
 * {@link Event}s; both make archives that restore to the same events.
 */
class EventPathsTest {
    private static final String NAME = "order";

    /**
     * The same store without its raw event capabilities, as a store of another kind would be: a wrapper that
     * hides them (the capability look-up, not the cursor's type, decides which path a backup takes).
     */
    static final class EventsOnly extends ForwardingEventStore {
        int cursors;

        EventsOnly(EventStore d) {
            super(d);
        }

        @Override
        public EventCursor readEvents(String objectName, StreamInformation stream, int from, int to) {
            cursors++;
            return super.readEvents(objectName, stream, from, to);
        }

        @Override
        public <T> Optional<T> capability(Class<T> type) {
            return type == RawEventReader.class || type == RawEventAppender.class ? Optional.empty()
                    : super.capability(type);
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
