package io.esbackup.backup;

import io.esbackup.store.SnapshotStore;
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Builds aggregates in a store for the service tests, through the public SPI only. */
final class Streams {
    private Streams() {}

    static Event event(int version) {
        return new Event("OrderLine", version, 1, null, null, Map.of("k", "v" + version),
                "{\"price\":10.50,\"qty\":" + version + ",\"big\":123456789012345678901234567890,\"name\":\"café ☕\"}",
                "2024-03-01T10:00:00.123+01:00", Map.of());
    }

    static Iterator<Event> events(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(Streams::event).iterator();
    }

    /** An aggregate with {@code count} events, optionally chunked, with snapshots at the given versions. */
    static ObjectDocument create(EventStore store, String name, String id, int count, Integer chunkSize,
                                 int... snapshotVersions) {
        String sid = id.replace("-", "") + "-0000000000";
        StreamInformation info = new StreamInformation(sid, "blob", -1,
                chunkSize == null ? null : ChunkSettings.of(chunkSize), List.of(), List.of(), Map.of());
        info = store.appendEvents(name, info, StreamHeader.of(name, id), events(0, count));
        List<SnapshotRef> refs = new ArrayList<>();
        for (int v : snapshotVersions) {
            SnapshotRef ref = SnapshotRef.of(v, v % 2 == 0 ? null : "named");
            store.capability(SnapshotStore.class).orElseThrow().writeSnapshot(name, sid, ref,
                    out -> out.write(("{\"state\":" + v + ",\"total\":1.50}").getBytes(StandardCharsets.UTF_8)));
            refs.add(ref);
        }
        ObjectDocument doc = ObjectDocument.create(name, id, info.withSnapshots(refs));
        store.writeDocument(doc, null);
        return doc;
    }

    /** Adds a terminated stream with {@code count} events to an existing aggregate. */
    static ObjectDocument addTerminated(EventStore store, ObjectDocument doc, String sid, int count) {
        store.appendEvents(doc.objectName(), StreamInformation.empty(sid, "blob"),
                StreamHeader.of(doc.objectName(), doc.objectId()), events(0, count));
        List<TerminatedStream> ts = new ArrayList<>(doc.terminatedStreams());
        ts.add(new TerminatedStream(sid, "blob", "migrated", doc.active().streamIdentifier(),
                "2024-01-01T00:00:00Z", count - 1, false, null, null, Map.of()));
        ObjectDocument updated = doc.withTerminatedStreams(ts);
        String etag = store.readDocument(doc.objectName(), doc.objectId()).orElseThrow().etag();
        store.writeDocument(updated, etag);
        return updated;
    }

    static List<Event> readAll(EventStore store, String name, StreamInformation stream) {
        List<Event> out = new ArrayList<>();
        try (EventCursor c = store.readEvents(name, stream, 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(out::add);
        }
        return out;
    }

    static ObjectDocument document(EventStore store, String name, String id) {
        return store.readDocument(name, id).orElseThrow().document();
    }
}
