package io.esbackup.spring;

import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.StoredDocument;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Plain aggregates written into, changed in and read from an event store; event {@code i}'s payload is {@code {"n":i}}. */
final class Aggregates {
    private Aggregates() {}

    static void create(EventStore store, String objectName, String objectId, int events) {
        create(store, objectName, objectId, events, null);
    }

    /** As {@link #create(EventStore, String, String, int)}, each payload also holding {@code secret} when given. */
    static void create(EventStore store, String objectName, String objectId, int events, String secret) {
        StreamInformation empty = new StreamInformation(objectId.replace("-", "") + "-0000000000", "blob", -1,
                ChunkSettings.disabled(), List.of(), List.of(), Map.of());
        StreamInformation active = store.appendEvents(objectName, empty, StreamHeader.of(objectName, objectId),
                events(0, events, secret));
        store.writeDocument(ObjectDocument.create(objectName, objectId, active), null);
    }

    static void append(EventStore store, String objectName, String objectId, int events) {
        StoredDocument stored = store.readDocument(objectName, objectId).orElseThrow();
        StreamInformation active = stored.document().active();
        int from = active.currentStreamVersion() + 1;
        StreamInformation appended = store.appendEvents(objectName, active, StreamHeader.of(objectName, objectId),
                events(from, from + events, null));
        store.writeDocument(stored.document().withActive(appended), stored.etag());
    }

    private static Iterator<Event> events(int from, int to, String secret) {
        return IntStream.range(from, to).mapToObj(i -> Event.of("ItemAdded", i,
                "{\"n\":" + i + (secret == null ? "" : ",\"secret\":\"" + secret + "\"") + "}",
                "2024-09-16T08:00:00Z")).iterator();
    }

    static List<String> payloads(EventStore store, String objectName, String objectId) throws Exception {
        StreamInformation active = store.readDocument(objectName, objectId).orElseThrow().document().active();
        List<String> payloads = new ArrayList<>();
        try (EventCursor cursor = store.readEvents(objectName, active, 0, active.currentStreamVersion())) {
            cursor.forEachRemaining(e -> payloads.add(e.payload().text()));
        }
        return payloads;
    }
}
