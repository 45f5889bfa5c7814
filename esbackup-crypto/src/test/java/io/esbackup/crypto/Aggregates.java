package io.esbackup.crypto;

import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Aggregates for the encryption tests, written through the public SPI; every payload holds {@link #SECRET}. */
final class Aggregates {
    /** A payload string that must never appear in the backups' store in the clear. */
    static final String SECRET = "card-4111-1111-1111-1111";

    private Aggregates() {}

    static Iterator<Event> events(String id, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(v -> new Event("OrderLine", v, 1, null, null, Map.of(),
                "{\"secret\":\"" + SECRET + "\",\"of\":\"" + id + "\",\"qty\":" + v + "}",
                "2024-03-01T10:00:00Z", Map.of())).iterator();
    }

    static ObjectDocument create(EventStore store, String id, int count) {
        StreamInformation info = StreamInformation.empty(id.replace("-", "") + "-0000000000", "blob");
        info = store.appendEvents("Order", info, StreamHeader.of("Order", id), events(id, 0, count));
        ObjectDocument doc = ObjectDocument.create("Order", id, info);
        store.writeDocument(doc, null);
        return doc;
    }

    static ObjectDocument append(EventStore store, String id, int count) {
        ObjectDocument doc = store.readDocument("Order", id).orElseThrow().document();
        StreamInformation s = store.appendEvents("Order", doc.active(), StreamHeader.of("Order", id),
                events(id, doc.active().currentStreamVersion() + 1, count));
        ObjectDocument updated = doc.withActive(s);
        store.writeDocument(updated, store.readDocument("Order", id).orElseThrow().etag());
        return updated;
    }

    static List<Event> readAll(EventStore store, String id) {
        ObjectDocument doc = store.readDocument("Order", id).orElseThrow().document();
        List<Event> out = new ArrayList<>();
        try (EventCursor c = store.readEvents("Order", doc.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(out::add);
        }
        return out;
    }
}
