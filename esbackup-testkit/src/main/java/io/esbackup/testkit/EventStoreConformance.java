package io.esbackup.testkit;

import static io.esbackup.testkit.SampleEvents.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.AbandonedWrites;
import io.esbackup.blob.GroupCommit;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.ConflictException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.RawEvent;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamChunk;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.RawEventAppender;
import io.esbackup.store.ObjectIdListing;
import io.esbackup.store.RawEventCursor;
import io.esbackup.store.RawEventReader;
import io.esbackup.store.StreamFingerprints;
import io.esbackup.store.RestoreJournal;
import io.esbackup.store.SnapshotStore;
import io.esbackup.store.StoreKind;
import io.esbackup.store.StreamTypes;
import io.esbackup.store.StoredDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventStore} must have. An implementation's test extends this class and only
 * supplies an {@link EventStoreFixture}; every test runs against a new, empty store.
 */
public abstract class EventStoreConformance {
    /** The optional capabilities of an event store that the suite knows, checks and tests. */
    public static final Set<Class<?>> CAPABILITIES = Set.of(SnapshotStore.class, ObjectIdListing.class,
            RawEventReader.class, RawEventAppender.class, RestoreJournal.class, AbandonedWrites.class,
            StreamFingerprints.class, GroupCommit.class, StoreKind.class);
    /** What {@link io.esbackup.store.BlobEventStore} has over storage without temporary files (memory, Azure). */
    public static final Set<Class<?>> BLOB_LAYOUT = Set.of(SnapshotStore.class, ObjectIdListing.class,
            RawEventReader.class, RawEventAppender.class, RestoreJournal.class, StreamFingerprints.class,
            StoreKind.class);
    private static final String OBJECT = "Order";
    private static final int ALL = Integer.MAX_VALUE;

    private EventStoreFixture fixture;
    /** The store under test; a new one for every test. */
    protected EventStore store;
    private StoreAccess on;

    /** The implementation under test. */
    protected abstract EventStoreFixture fixture();

    /** A new store, checked to have exactly the capabilities its fixture declares. */
    @BeforeEach
    void createStore() {
        fixture = fixture();
        store = fixture.create();
        on = new StoreAccess(store);
        DeclaredCapabilities.assertExactly(store, CAPABILITIES, fixture.capabilities());
    }

    @AfterEach
    void cleanUpStore() throws Exception {
        if (fixture != null) {
            fixture.cleanup();
        }
    }

    // ---- events as stored bytes (optional capabilities)

    /**
     * A store that hands over events as stored bytes ({@link RawEventReader}) hands over exactly its events,
     * and one that takes them so ({@link RawEventAppender}) writes them as the events they are: a backup
     * copies one into the other. A store without them is declared so (checked before every test).
     */
    @Test
    void storedBytesAreHandedOverAndTakenAsTheEventsTheyAre() {
        List<Event> expected = range(0, 4);
        StreamInformation s = on.append(StreamInformation.empty("order1-0000000000", "blob"), expected);
        assertThat(on.read(s, 0, ALL)).isEqualTo(expected);
        Optional<RawEventReader> reader = store.capability(RawEventReader.class);
        List<RawEvent> copy = new ArrayList<>();
        if (reader.isPresent()) {
            List<RawEvent> raw = new ArrayList<>();
            try (RawEventCursor c = reader.get().readRawEvents(OBJECT, s, 1, 3)) {
                c.rawEvents().forEachRemaining(raw::add);
            }
            assertThat(raw).extracting(RawEvent::eventVersion).containsExactly(1, 2, 3);
            assertThat(raw).extracting(RawEvent::eventType).containsExactly("OrderLineAdded", "OrderLineAdded",
                    "OrderLineAdded");
            try (RawEventCursor c = reader.get().readRawEvents(OBJECT, s, 0, ALL)) {
                c.rawEvents().forEachRemaining(copy::add);
            }
        }
        Optional<RawEventAppender> appender = store.capability(RawEventAppender.class);
        if (appender.isPresent()) {
            if (copy.isEmpty()) {
                expected.forEach(e -> copy.add(SampleEvents.raw(e)));
            }
            StreamInformation t = appender.get().appendRawEvents(OBJECT,
                    StreamInformation.empty("order1-0000000001", "blob"), StreamHeader.of(OBJECT, "order-1"),
                    copy.iterator());
            assertThat(t.currentStreamVersion()).isEqualTo(4);
            assertThat(on.read(t, 0, ALL)).isEqualTo(expected);
            assertThatThrownBy(() -> appender.get().appendRawEvents(OBJECT, t, StreamHeader.of(OBJECT, "order-1"),
                    copy.subList(0, 1).iterator())).as("versions must continue the stream")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---- object documents

    @Test
    void aDocumentRoundTripsWithEveryFieldIncludingUnknownOnes() {
        ObjectDocument doc = SampleDocuments.rich("order-1");
        String etag = store.writeDocument(doc, null);
        assertThat(etag).isNotBlank();
        assertThat(store.readDocument(OBJECT, "order-1")).hasValue(new StoredDocument(doc, etag));
    }

    @Test
    void readingAMissingDocumentIsEmpty() {
        store.writeDocument(SampleDocuments.plain(OBJECT, "present"), null);
        assertThat(store.readDocument(OBJECT, "present")).isPresent();
        assertThat(store.readDocument(OBJECT, "absent")).isEmpty();
        assertThat(store.readDocument("Invoice", "present")).isEmpty();
    }

    @Test
    void aCreateOnlyDocumentWriteFailsWhenOneExists() {
        ObjectDocument first = SampleDocuments.plain(OBJECT, "order-1");
        String etag = store.writeDocument(first, null);
        ObjectDocument second = first.withActive(first.active().withVersion(5, List.of()));
        assertThatThrownBy(() -> store.writeDocument(second, null)).isInstanceOf(AlreadyExistsException.class);
        assertThat(store.readDocument(OBJECT, "order-1")).hasValue(new StoredDocument(first, etag));
    }

    @Test
    void anIfMatchDocumentWriteNeedsTheCurrentEtag() {
        ObjectDocument v1 = SampleDocuments.plain(OBJECT, "order-1");
        String e1 = store.writeDocument(v1, null);
        ObjectDocument v2 = v1.withActive(v1.active().withVersion(1, List.of()));
        String e2 = store.writeDocument(v2, e1);
        assertThat(e2).isNotEqualTo(e1);
        ObjectDocument v3 = v1.withActive(v1.active().withVersion(2, List.of()));
        assertThatThrownBy(() -> store.writeDocument(v3, e1)).isInstanceOf(ConflictException.class);
        assertThat(store.readDocument(OBJECT, "order-1")).hasValue(new StoredDocument(v2, e2));
    }

    @Test
    void anIfMatchWriteOfAMissingDocumentConflicts() {
        String etag = store.writeDocument(SampleDocuments.plain(OBJECT, "other"), null);
        assertThatThrownBy(() -> store.writeDocument(SampleDocuments.plain(OBJECT, "missing"), etag))
                .isInstanceOf(ConflictException.class);
        assertThat(store.readDocument(OBJECT, "missing")).isEmpty();
        assertThat(store.readDocument(OBJECT, "other")).isPresent();
    }

    /** Where the store can list aggregates ({@link ObjectIdListing}); declared absent otherwise. */
    @Test
    void listObjectIdsListsExactlyTheDocumentsOfOneObjectName() {
        for (String id : List.of("a", "b.with.dots", "c-3")) {
            store.writeDocument(SampleDocuments.plain(OBJECT, id), null);
        }
        store.writeDocument(SampleDocuments.plain("OrderLine", "x"), null);
        store.writeDocument(SampleDocuments.plain("Orders", "y"), null);
        // A stream of the same object name must not pass for a document.
        on.append(StreamInformation.empty("a-stream", "blob"), range(0, 1));
        assertThat(store.readDocument(OBJECT, "b.with.dots")).isPresent();
        if (store.capability(ObjectIdListing.class).isEmpty()) {
            return;
        }
        assertThat(on.objectIds(OBJECT)).containsExactlyInAnyOrder("a", "b.with.dots", "c-3");
        assertThat(on.objectIds("OrderLine")).containsExactly("x");
        assertThat(on.objectIds("Nothing")).isEmpty();
    }

    // ---- events

    @Test
    void appendedEventsReadBackEqualWithEveryField() {
        List<Event> events = range(0, 5);
        StreamInformation s = on.append(StreamInformation.empty("stream-1", "blob"), events);
        assertThat(s.currentStreamVersion()).isEqualTo(5);
        assertThat(on.read(s, 0, ALL)).isEqualTo(events);
    }

    @Test
    void readEventsReturnsOnlyTheRequestedRange() {
        StreamInformation s = on.append(StreamInformation.empty("stream-1", "blob"), range(0, 9));
        assertThat(on.read(s, 3, 6)).isEqualTo(range(3, 6));
        assertThat(on.read(s, 0, 0)).isEqualTo(range(0, 0));
        assertThat(on.read(s, 9, 9)).isEqualTo(range(9, 9));
        assertThat(on.read(s, 7, 100)).isEqualTo(range(7, 9));
        assertThat(on.read(s, 5, 4)).isEmpty();
    }

    @Test
    void appendingToAnExistingStreamContinuesItsVersions() {
        StreamInformation s = on.append(StreamInformation.empty("stream-1", "blob"), range(0, 4));
        s = on.append(s, range(5, 9));
        assertThat(s.currentStreamVersion()).isEqualTo(9);
        s = on.append(s, range(10, 10));
        assertThat(s.currentStreamVersion()).isEqualTo(10);
        assertThat(on.read(s, 0, ALL)).isEqualTo(range(0, 10));
    }

    @Test
    void appendingWithAnOlderExpectedVersionThanStoredConflicts() {
        StreamInformation s = on.append(StreamInformation.empty("stream-1", "blob"), range(0, 4));
        StreamInformation stale = s.withVersion(2, s.streamChunks());
        assertThatThrownBy(() -> on.append(stale, range(3, 5))).isInstanceOf(ConflictException.class);
        assertThat(on.read(s, 0, ALL)).isEqualTo(range(0, 4));
    }

    @Test
    void appendingWithANewerExpectedVersionThanStoredConflicts() {
        StreamInformation s = on.append(StreamInformation.empty("stream-1", "blob"), range(0, 4));
        StreamInformation ahead = s.withVersion(6, s.streamChunks());
        assertThatThrownBy(() -> on.append(ahead, range(7, 8))).isInstanceOf(ConflictException.class);
        StreamInformation ghost = StreamInformation.empty("ghost", "blob").withVersion(3, List.of());
        assertThatThrownBy(() -> on.append(ghost, range(4, 5))).isInstanceOf(ConflictException.class);
        assertThat(on.read(s, 0, ALL)).isEqualTo(range(0, 4));
    }

    @Test
    void appendingANewStreamOverAnExistingOneConflicts() {
        StreamInformation s = on.append(StreamInformation.empty("stream-1", "blob"), range(0, 2));
        assertThatThrownBy(() -> on.append(StreamInformation.empty("stream-1", "blob"), range(0, 1)))
                .isInstanceOf(ConflictException.class);
        assertThat(on.read(s, 0, ALL)).isEqualTo(range(0, 2));
    }

    @Test
    void nonContiguousVersionsAreRejectedAndNothingIsWritten() {
        StreamInformation s = on.append(StreamInformation.empty("stream-1", "blob"), range(0, 4));
        assertThatThrownBy(() -> on.append(s, range(6, 7))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> on.append(s, range(4, 5))).isInstanceOf(IllegalArgumentException.class);
        List<Event> repeated = List.of(range(5, 5).get(0), range(5, 5).get(0));
        assertThatThrownBy(() -> on.append(s, repeated)).isInstanceOf(IllegalArgumentException.class);
        assertThat(on.read(s, 0, ALL)).isEqualTo(range(0, 4));

        StreamInformation fresh = StreamInformation.empty("stream-2", "blob");
        assertThatThrownBy(() -> on.append(fresh, range(1, 2))).isInstanceOf(IllegalArgumentException.class);
        List<Event> gap = new ArrayList<>(range(0, 1));
        gap.addAll(range(3, 3));
        assertThatThrownBy(() -> on.append(fresh, gap)).isInstanceOf(IllegalArgumentException.class);
        assertThat(on.read(fresh, 0, ALL)).isEmpty();
    }

    @Test
    void chunkedStreamsAreSplitIntoChunksAndReadBackWholeAndByRange() {
        StreamInformation s = on.append(SampleDocuments.chunked("stream-c"), range(0, 9));
        assertThat(s.currentStreamVersion()).isEqualTo(9);
        assertThat(s.streamChunks()).containsExactly(StreamChunk.of(0, 0, 2), StreamChunk.of(1, 3, 5),
                StreamChunk.of(2, 6, 8), StreamChunk.of(3, 9, 9));
        assertThat(on.read(s, 0, ALL)).isEqualTo(range(0, 9));
        assertThat(on.read(s, 4, 7)).isEqualTo(range(4, 7));
        assertThat(on.read(s, 2, 3)).isEqualTo(range(2, 3));
        assertThat(on.read(s, 9, 9)).isEqualTo(range(9, 9));
        assertThat(on.read(s, 0, 0)).isEqualTo(range(0, 0));
    }

    @Test
    void appendingToAChunkedStreamFillsItsLastChunkFirst() {
        StreamInformation s = on.append(SampleDocuments.chunked("stream-c"), range(0, 4));
        assertThat(s.streamChunks()).containsExactly(StreamChunk.of(0, 0, 2), StreamChunk.of(1, 3, 4));
        s = on.append(s, range(5, 9));
        assertThat(s.streamChunks()).containsExactly(StreamChunk.of(0, 0, 2), StreamChunk.of(1, 3, 5),
                StreamChunk.of(2, 6, 8), StreamChunk.of(3, 9, 9));
        s = on.append(s, range(10, 10));
        assertThat(s.streamChunks()).endsWith(StreamChunk.of(3, 9, 10));
        assertThat(on.read(s, 0, ALL)).isEqualTo(range(0, 10));
        assertThat(on.read(s, 8, 10)).isEqualTo(range(8, 10));
    }

    @Test
    void appendingToAChunkedStreamWithAStaleVersionConflicts() {
        StreamInformation s3 = on.append(SampleDocuments.chunked("stream-c"), range(0, 3));
        StreamInformation s4 = on.append(s3, range(4, 4));
        assertThatThrownBy(() -> on.append(s3, range(4, 4))).as("stale inside the last chunk")
                .isInstanceOf(ConflictException.class);
        StreamInformation s2 = s4.withVersion(2, List.of(StreamChunk.of(0, 0, 2)));
        assertThatThrownBy(() -> on.append(s2, range(3, 3))).as("stale at a chunk boundary")
                .isInstanceOf(ConflictException.class);
        assertThat(on.read(s4, 0, ALL)).isEqualTo(range(0, 4));
    }

    @Test
    void theCursorHeaderIsTheHeaderGivenWhenTheStreamWasCreated() {
        StreamHeader header = SampleEvents.header(OBJECT, "order-1");
        StreamInformation s = store.appendEvents(OBJECT, StreamInformation.empty("stream-1", "blob"), header,
                range(0, 2).iterator());
        // An existing stream keeps its header: the one given to a later append is not used.
        s = store.appendEvents(OBJECT, s, StreamHeader.of(OBJECT, "someone-else"), range(3, 4).iterator());
        try (EventCursor cursor = store.readEvents(OBJECT, s, 0, ALL)) {
            assertThat(cursor.header()).isEqualTo(header);
            assertThat(cursor).toIterable().hasSize(5);
            assertThat(cursor.header()).isEqualTo(header);
        }
        StreamInformation c = store.appendEvents(OBJECT, SampleDocuments.chunked("stream-c"), header, range(0, 7).iterator());
        try (EventCursor cursor = store.readEvents(OBJECT, c, 6, 7)) {
            assertThat(cursor.header()).as("header of a range in a later chunk").isEqualTo(header);
        }
    }

    // ---- snapshots

    /** Where the store keeps snapshots ({@link SnapshotStore}); declared absent otherwise. */
    @Test
    void snapshotsRoundTripAndAreReplacedByVersionAndName() {
        if (store.capability(SnapshotStore.class).isEmpty()) {
            // Without snapshots the store still keeps documents and events: nothing else depends on them.
            store.writeDocument(SampleDocuments.plain(OBJECT, "no-snapshots"), null);
            assertThat(store.readDocument(OBJECT, "no-snapshots")).isPresent();
            return;
        }
        SnapshotRef plain = SnapshotRef.of(5, null);
        SnapshotRef named = SnapshotRef.of(5, "compact");
        on.snapshots().writeSnapshot(OBJECT, "stream-1", plain, out -> out.write(StoreAccess.utf8("{\"total\":10.50,\"n\":\"ü\"}")));
        on.snapshots().writeSnapshot(OBJECT, "stream-1", named, out -> out.write(StoreAccess.utf8("{\"name\":\"compact\"}")));
        assertThat(on.snapshot("stream-1", plain)).hasValue("{\"total\":10.50,\"n\":\"ü\"}");
        assertThat(on.snapshot("stream-1", named)).hasValue("{\"name\":\"compact\"}");
        assertThat(on.snapshot("stream-1", SnapshotRef.of(9, null))).isEmpty();
        assertThat(on.snapshot("stream-2", plain)).isEmpty();

        on.snapshots().writeSnapshot(OBJECT, "stream-1", plain, out -> out.write(StoreAccess.utf8("{\"total\":11}")));
        assertThat(on.snapshot("stream-1", plain)).hasValue("{\"total\":11}");
        assertThat(on.snapshot("stream-1", named)).hasValue("{\"name\":\"compact\"}");
    }

    // ---- deleting a stream

    @Test
    void deleteStreamRemovesItsEventsChunksAndSnapshotsButNothingElse() {
        SnapshotRef snap = SnapshotRef.of(2, null);
        SnapshotRef named = SnapshotRef.of(2, "named");
        // Its snapshots go too where the store keeps them (SnapshotStore; declared, and checked, absent otherwise).
        boolean keepsSnapshots = store.capability(SnapshotStore.class).isPresent();
        on.append(SampleDocuments.chunked("stream-1"), range(0, 9));
        if (keepsSnapshots) {
            on.writeSnapshots("stream-1", snap, named);
        }
        // Streams whose identifiers share a prefix with it, and the same identifier under another object name.
        StreamInformation ten = on.append(StreamInformation.empty("stream-10", "blob"), range(0, 2));
        StreamInformation dash = on.append(StreamInformation.empty("stream-1-archive", "blob"), range(0, 2));
        StreamInformation chunkedX = on.append(SampleDocuments.chunked("stream-1x"), range(0, 4));
        // A layout that keys streams by identifier alone has no such neighbour: the identifier is the stream.
        boolean scoped = store.capability(StoreKind.class).map(StoreKind::streamsScopedByObjectName).orElse(true);
        StreamInformation invoice = !scoped ? null : store.appendEvents("Invoice",
                StreamInformation.empty("stream-1", "blob"), StreamHeader.of("Invoice", "i-1"), range(0, 2).iterator());
        if (keepsSnapshots) {
            on.writeSnapshots("stream-10", snap, named);
            on.writeSnapshots("stream-1-archive", snap, named);
            on.snapshots().writeSnapshot("Invoice", "stream-1", snap, out -> out.write(StoreAccess.utf8("\"invoice\"")));
        }
        ObjectDocument doc = SampleDocuments.plain(OBJECT, "order-1");
        String etag = store.writeDocument(doc, null);

        store.deleteStream(OBJECT, "stream-1");

        if (keepsSnapshots) {
            assertThat(on.snapshot("stream-1", snap)).isEmpty();
            assertThat(on.snapshot("stream-1", named)).isEmpty();
        }
        // Nothing of the old stream is left in the way: the identifier can be used again from version 0.
        StreamInformation again = on.append(SampleDocuments.chunked("stream-1"), range("Recreated", 0, 9));
        assertThat(on.read(again, 0, ALL)).isEqualTo(range("Recreated", 0, 9));

        assertThat(on.read(ten, 0, ALL)).isEqualTo(range(0, 2));
        assertThat(on.read(dash, 0, ALL)).isEqualTo(range(0, 2));
        assertThat(on.read(chunkedX, 0, ALL)).isEqualTo(range(0, 4));
        if (scoped) {
            try (EventCursor cursor = store.readEvents("Invoice", invoice, 0, ALL)) {
                assertThat(cursor).toIterable().containsExactlyElementsOf(range(0, 2));
            }
        }
        if (keepsSnapshots) {
            for (String neighbour : List.of("stream-10", "stream-1-archive")) {
                assertThat(on.snapshot(neighbour, snap)).hasValue("\"" + neighbour + "\"");
                assertThat(on.snapshot(neighbour, named)).hasValue("\"" + neighbour + "\"");
            }
            assertThat(on.readSnapshot("Invoice", "stream-1", snap)).hasValue("\"invoice\"");
        }
        assertThat(store.readDocument(OBJECT, "order-1")).hasValue(new StoredDocument(doc, etag));
    }

    @Test
    void streamExistsSeesEveryKindOfStreamStorageAndNoNeighbours() {
        assertThat(store.streamExists(OBJECT, "stream-1")).isFalse();
        on.append(StreamInformation.empty("stream-1", "blob"), range(0, 2));
        on.append(SampleDocuments.chunked("stream-2"), range(0, 9));
        assertThat(store.streamExists(OBJECT, "stream-1")).isTrue();
        assertThat(store.streamExists(OBJECT, "stream-2")).isTrue();
        assertThat(store.streamExists(OBJECT, "stream")).isFalse();
        // Stream identifiers name streams per object name, unless the layout keys streams by identifier alone.
        boolean scoped = store.capability(StoreKind.class).map(StoreKind::streamsScopedByObjectName).orElse(true);
        assertThat(store.streamExists("Invoice", "stream-1")).isEqualTo(!scoped);

        store.deleteStream(OBJECT, "stream-2");
        assertThat(store.streamExists(OBJECT, "stream-2")).isFalse();
        assertThat(store.streamExists(OBJECT, "stream-1")).isTrue();
    }

    // ---- group commit (optional capability)

    /**
     * What a group writes is there at once, through the same store (a stream, a document, and the document
     * replaced on its tag), and stays there once committed; the group closes on the thread that opened it. A store
     * without {@link GroupCommit} writes the same without a group. (That a crash before the commit loses none of
     * it once committed is the file system's promise, which a test in one process cannot see:
     * docs/ARCHITECTURE.md, section 6a.)
     */
    @Test
    void whatAGroupWritesIsVisibleAtOnceAndStaysOnceCommitted() {
        GroupCommit.Group group = store.capability(GroupCommit.class).map(GroupCommit::begin).orElse(null);
        StreamInformation stream;
        try {
            stream = on.append(StreamInformation.empty("grouped-1", "blob"), range(0, 4));
            String etag = store.writeDocument(ObjectDocument.create(OBJECT, "grouped", stream), null);
            assertThat(on.read(stream, 0, ALL)).isEqualTo(range(0, 4));
            if (group != null) {
                group.contentFirst();
            }
            store.writeDocument(ObjectDocument.create(OBJECT, "grouped", stream.withSnapshots(List.of())), etag);
            if (group != null) {
                group.commit();
            }
        } finally {
            if (group != null) {
                group.close();
            }
        }
        assertThat(on.read(stream, 0, ALL)).isEqualTo(range(0, 4));
        assertThat(store.readDocument(OBJECT, "grouped")).map(d -> d.document().active().streamIdentifier())
                .hasValue("grouped-1");
    }

    // ---- stream fingerprints (optional capability)

    /** Where the store fingerprints streams, the fingerprint changes with an append and a rewrite, and only then. */
    /**
     * A store that says which of the reference's layouts it is ({@link StoreKind}) adopts a document restored
     * from the other layout: the type fields that named the source's type name its own, a custom type stays, the
     * document is filed under the name restored to, and the store keeps the adopted document as it is.
     */
    @Test
    void aDocumentFromAnotherKindOfStoreIsAdoptedUnderThisStoresType() {
        Optional<StoreKind> kind = store.capability(StoreKind.class);
        if (kind.isEmpty()) {
            return;
        }
        String mine = kind.get().streamType();
        assertThat(mine).isIn(StreamTypes.KNOWN);
        String other = mine.equals(StreamTypes.BLOB) ? StreamTypes.TABLE : StreamTypes.BLOB;
        ObjectDocument rich = SampleDocuments.rich("order-9");
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> types = new java.util.LinkedHashMap<>(
                rich.active().extra());
        types.put("documentType", SampleEvents.json("\"" + other + "\""));
        types.put("documentTagType", SampleEvents.json("\"custom\""));
        StreamInformation a = rich.active();
        ObjectDocument foreign = rich.withObjectName(OBJECT.toLowerCase(java.util.Locale.ROOT)).withActive(
                new StreamInformation(a.streamIdentifier(), other, a.currentStreamVersion(), a.chunkSettings(),
                        a.streamChunks(), a.snapShots(), types))
                .withTerminatedStreams(List.of(rich.terminatedStreams().get(0).withStreamIdentifier("old-stream",
                        null)));

        ObjectDocument adopted = kind.get().adopt(foreign, OBJECT, other, null);
        assertThat(adopted.active().streamType()).isEqualTo(mine);
        assertThat(adopted.active().extra().get("documentType").textValue()).isEqualTo(mine);
        assertThat(adopted.active().extra().get("documentTagType").textValue()).isEqualTo("custom");
        assertThat(adopted.terminatedStreams()).allSatisfy(t -> assertThat(t.streamType()).isEqualTo(mine));
        assertThat(adopted.active().streamChunks()).isEqualTo(a.streamChunks());
        String etag = store.writeDocument(adopted, null);
        assertThat(store.readDocument(OBJECT, "order-9")).hasValue(new StoredDocument(adopted, etag));

        // A document of this store's own kind keeps its types.
        ObjectDocument own = kind.get().adopt(adopted, OBJECT, mine, null);
        assertThat(own.active().streamType()).isEqualTo(mine);
        assertThat(own.active().extra().get("documentTagType").textValue()).isEqualTo("custom");
    }

    @Test
    void aStreamFingerprintChangesWhenEventsAreAppendedOrRewrittenAndOnlyThen() {
        store.capability(StreamFingerprints.class).ifPresent(f -> FingerprintChecks.check(store, f, on));
    }

    // ---- the restore journal (optional capability)

    /**
     * Where the store keeps a {@link RestoreJournal}, an entry recorded beside its streams is listed until it
     * is removed (RestoreJournalConformance tests the journal in full); declared absent otherwise.
     */
    @Test
    void aRestoreJournalKeepsAnEntryBesideTheStreamsUntilItIsRemoved() {
        on.append(StreamInformation.empty("restored-1", "blob"), range(0, 2));
        assertThat(store.streamExists(OBJECT, "restored-1")).isTrue();
        Optional<RestoreJournal> journal = store.capability(RestoreJournal.class);
        if (journal.isEmpty()) {
            return;
        }
        java.util.UUID run = java.util.UUID.randomUUID();
        journal.get().record(io.esbackup.store.RestoreJournalEntry.started(run, OBJECT, "order-1", "restored-1",
                java.time.Instant.parse("2024-09-17T08:30:00Z")));
        try (Stream<io.esbackup.store.JournaledRestore> listed = journal.get().listRestores()) {
            assertThat(listed.map(j -> j.entry().runId())).containsExactly(run);
        }
        assertThat(journal.get().remove(run)).isTrue();
        try (Stream<io.esbackup.store.JournaledRestore> listed = journal.get().listRestores()) {
            assertThat(listed).isEmpty();
        }
        assertThat(store.streamExists(OBJECT, "restored-1")).as("the journal is not a stream").isTrue();
    }

    // ---- bad input

    @Test
    void invalidIdsAreRejectedBeforeAnythingIsWritten() {
        StreamInformation s = StreamInformation.empty("stream-1", "blob");
        SnapshotRef snap = SnapshotRef.of(1, null);
        Optional<SnapshotStore> snapshots = store.capability(SnapshotStore.class);
        Optional<ObjectIdListing> listing = store.capability(ObjectIdListing.class);
        for (String bad : new String[] {null, "", " ", "..", "a/b", "a\\b", "a\u0000b", "x".repeat(201)}) {
            assertThatThrownBy(() -> store.readDocument(OBJECT, bad)).as("objectId %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.readDocument(bad, "id")).as("objectName %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.appendEvents(bad, s, StreamHeader.of(OBJECT, "id"), range(0, 0).iterator()))
                    .as("objectName %s", bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.readEvents(bad, s.withVersion(0, List.of()), 0, ALL))
                    .as("objectName %s", bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.deleteStream(OBJECT, bad)).as("streamIdentifier %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            if (snapshots.isPresent()) {
                assertThatThrownBy(() -> snapshots.get().writeSnapshot(OBJECT, bad, snap, out -> out.write('1')))
                        .as("streamIdentifier %s", bad).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> snapshots.get().readSnapshot(OBJECT, bad, snap))
                        .as("streamIdentifier %s", bad).isInstanceOf(IllegalArgumentException.class);
            }
            if (listing.isPresent()) {
                assertThatThrownBy(() -> listing.get().listObjectIds(bad)).as("objectName %s", bad)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
        if (snapshots.isPresent()) {
            assertThatThrownBy(() -> snapshots.get().writeSnapshot(OBJECT, "stream-1", SnapshotRef.of(1, "../x"),
                    out -> out.write('1'))).as("snapshot name").isInstanceOf(IllegalArgumentException.class);
            assertThat(on.snapshot("stream-1", snap)).isEmpty();
        }
        // None of the rejected calls left anything behind, while a valid call works.
        store.writeDocument(SampleDocuments.plain(OBJECT, "valid"), null);
        assertThat(store.readDocument(OBJECT, "valid")).isPresent();
        assertThat(store.streamExists(OBJECT, "stream-1")).isFalse();
        if (listing.isPresent()) {
            assertThat(on.objectIds(OBJECT)).containsExactly("valid");
        }
    }
}
