package io.esbackup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import io.esbackup.store.EventStore;
import io.esbackup.store.SnapshotStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the demo's sample aggregates of object name {@code order} through the public {@link EventStore}
 * API, the way an application's event store would: events first, then the object document that makes
 * them live. Object ids carry the run id, so every run creates new aggregates next to the old ones.
 */
final class SampleOrders {
    static final String OBJECT_NAME = "order";
    static final int CHUNK_SIZE = 5;

    /** One aggregate as created. */
    record Sample(String kind, String objectId, String streamIdentifier, int events, int snapshots, int chunks,
                  int terminatedStreams, int terminatedEvents) {
        String summary() {
            String s = Views.plural(events, "event");
            if (snapshots > 0) {
                s += ", " + Views.plural(snapshots, "snapshot");
            }
            if (chunks > 0) {
                s += " in " + chunks + " chunks of " + CHUNK_SIZE;
            }
            if (terminatedStreams > 0) {
                s += ", " + Views.plural(terminatedStreams, "terminated stream") + " of "
                        + Views.plural(terminatedEvents, "event");
            }
            return s;
        }
    }

    private final EventStore store;
    private final CliEnvironment environment;
    private final String run;
    private final Instant start;

    SampleOrders(EventStore store, CliEnvironment environment, String run) {
        this.store = store;
        this.environment = environment;
        this.run = run;
        this.start = environment.clock().instant().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
    }

    String objectId(String kind) {
        return "demo-" + run + "-" + kind;
    }

    List<Sample> createAll() {
        return List.of(plain(), withSnapshots(), chunked(), withTerminatedStream());
    }

    /** A whole order life cycle in one stream. */
    Sample plain() {
        String id = objectId("plain");
        OrderScript order = script(id).created().linesAdded(12).firstLineRemoved().discountApplied()
                .shippingAddressChanged().paid().shipped().delivered();
        StreamInformation active = append(id, stream(id, 0, ChunkSettings.disabled()), order.events());
        store.writeDocument(ObjectDocument.create(OBJECT_NAME, id, active), null);
        return new Sample("plain", id, active.streamIdentifier(), order.events().size(), 0, 0, 0, 0);
    }

    /** Snapshots of the order's state at versions 4 (unnamed) and 9 (named). */
    Sample withSnapshots() {
        String id = objectId("snapshots");
        StreamInformation info = stream(id, 0, ChunkSettings.disabled());
        OrderScript order = script(id).created().linesAdded(4);
        List<SnapshotRef> snapshots = new ArrayList<>();
        snapshots.add(snapshot(info, SnapshotRef.of(order.version(), null), order.snapshot()));
        order.linesAdded(4).discountApplied();
        snapshots.add(snapshot(info, SnapshotRef.of(order.version(), "order-state-v2"), order.snapshot()));
        order.paid();
        StreamInformation active = append(id, info, order.events()).withSnapshots(snapshots);
        store.writeDocument(ObjectDocument.create(OBJECT_NAME, id, active), null);
        return new Sample("snapshots", id, active.streamIdentifier(), order.events().size(), snapshots.size(), 0, 0,
                0);
    }

    /** Events split over chunk documents of {@value #CHUNK_SIZE} events each. */
    Sample chunked() {
        String id = objectId("chunked");
        OrderScript order = script(id).created().linesAdded(20).paid();
        StreamInformation active = append(id, stream(id, 0, ChunkSettings.of(CHUNK_SIZE)), order.events());
        store.writeDocument(ObjectDocument.create(OBJECT_NAME, id, active), null);
        return new Sample("chunked", id, active.streamIdentifier(), order.events().size(), 0,
                active.streamChunks().size(), 0, 0);
    }

    /** An aggregate that moved to a new stream; the old one is kept as a terminated stream. */
    Sample withTerminatedStream() {
        String id = objectId("terminated");
        StreamInformation old = stream(id, 0, ChunkSettings.disabled());
        OrderScript order = script(id).created().linesAdded(5);
        List<Event> oldEvents = order.nextStream();
        old = append(id, old, oldEvents);
        order.continuedFrom(old.streamIdentifier()).linesAdded(1).paid();
        StreamInformation active = append(id, stream(id, 1, ChunkSettings.disabled()), order.events());
        String terminatedAt = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                start.plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));
        TerminatedStream terminated = new TerminatedStream(old.streamIdentifier(), old.streamType(),
                "migrated to order schema v2", active.streamIdentifier(), terminatedAt, old.currentStreamVersion(),
                false, null, null, Map.of());
        store.writeDocument(ObjectDocument.create(OBJECT_NAME, id, active).withTerminatedStreams(List.of(terminated)),
                null);
        return new Sample("terminated", id, active.streamIdentifier(), order.events().size(), 0, 0, 1,
                oldEvents.size());
    }

    private OrderScript script(String objectId) {
        return new OrderScript(objectId, start, environment);
    }

    /**
     * An empty stream as the reference library names them: the object id without dashes and a
     * 10-digit sequence number.
     */
    private static StreamInformation stream(String objectId, int sequence, ChunkSettings chunks) {
        String identifier = objectId.replace("-", "") + "-" + String.format("%010d", sequence);
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (String field : List.of("streamConnectionName", "documentConnectionName", "snapShotConnectionName")) {
            extra.put(field, TextNode.valueOf("Store"));
        }
        extra.put("documentType", TextNode.valueOf("blob"));
        return new StreamInformation(identifier, "blob", -1, chunks, List.of(), List.of(), extra);
    }

    private StreamInformation append(String objectId, StreamInformation stream, List<Event> events) {
        return store.appendEvents(OBJECT_NAME, stream, StreamHeader.of(OBJECT_NAME, objectId), events.iterator());
    }

    private SnapshotRef snapshot(StreamInformation stream, SnapshotRef ref, byte[] json) {
        store.capability(SnapshotStore.class).orElseThrow(() -> new IllegalStateException("the store keeps no "
                + "snapshots")).writeSnapshot(OBJECT_NAME, stream.streamIdentifier(), ref, out -> out.write(json));
        return ref;
    }
}
