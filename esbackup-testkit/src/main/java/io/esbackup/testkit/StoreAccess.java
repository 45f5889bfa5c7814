package io.esbackup.testkit;

import io.esbackup.model.Event;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.ObjectIdListing;
import io.esbackup.store.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The event store suite's shorthand for writing to and reading from the store under test. */
final class StoreAccess {
    private static final String OBJECT = "Order";

    private final EventStore store;

    StoreAccess(EventStore store) {
        this.store = store;
    }


    StreamInformation append(StreamInformation stream, List<Event> events) {
        return store.appendEvents(OBJECT, stream, StreamHeader.of(OBJECT, "order-1"), events.iterator());
    }

    List<Event> read(StreamInformation stream, int from, int to) {
        List<Event> events = new ArrayList<>();
        try (EventCursor cursor = store.readEvents(OBJECT, stream, from, to)) {
            cursor.forEachRemaining(events::add);
        }
        return events;
    }

    /** The store's snapshots; tests call it only where the store declares them (or to fail where it has none). */
    SnapshotStore snapshots() {
        return store.capability(SnapshotStore.class).orElseThrow(() -> new AssertionError("no SnapshotStore"));
    }

    void writeSnapshots(String streamIdentifier, SnapshotRef... refs) {
        for (SnapshotRef ref : refs) {
            snapshots().writeSnapshot(OBJECT, streamIdentifier, ref, out -> out.write(utf8("\"" + streamIdentifier + "\"")));
        }
    }

    Optional<String> snapshot(String streamIdentifier, SnapshotRef ref) {
        return readSnapshot(OBJECT, streamIdentifier, ref);
    }

    Optional<String> readSnapshot(String objectName, String streamIdentifier, SnapshotRef ref) {
        return snapshots().readSnapshot(objectName, streamIdentifier, ref).map(in -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    List<String> objectIds(String objectName) {
        try (Stream<String> ids = store.capability(ObjectIdListing.class).orElseThrow().listObjectIds(objectName)) {
            return ids.toList();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
