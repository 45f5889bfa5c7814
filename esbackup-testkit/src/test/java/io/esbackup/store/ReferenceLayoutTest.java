package io.esbackup.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.store.SnapshotStore;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.RestoreResult;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.ActionMetadata;
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.RawEvent;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamChunk;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder laid out exactly as the reference .NET library (ErikLieben.FA.ES) lays out its Azure containers
 * ({@code src/test/resources/reference-store}, hand-written as its System.Text.Json output would be) is a valid
 * {@link FileEventStore}, and every aggregate in it survives backup → restore into an empty store, and
 * backup → clone, with every field kept.
 *
 * <p>The fixture holds three aggregates:
 * <ul>
 *   <li>{@code Order/0b6e…} — a plain stream of five events whose header fields stand <em>after</em> the
 *       {@code events} array; payloads with {@code 10.50}, a 30-digit integer, {@code 1e5}, {@code -0.0},
 *       raw unicode and {@code \u00e9}-style escapes (System.Text.Json's default encoder escapes non-ASCII
 *       and {@code + < > & '}), nested objects and arrays, pretty-printed whitespace, bare scalar and array
 *       payloads; an empty {@code action} and a partial one (the reference omits null action members);
 *       two snapshots, one named; unknown fields in the document, {@code active}, a snapshot entry, the
 *       events-document header, events and an action.</li>
 *   <li>{@code ShoppingCart/c4a7…} — a chunked stream (chunk size 3, 8 events in three chunk documents,
 *       each with its own {@code lastObjectDocumentHash}, as the reference writes them at different times),
 *       events with System.Text.Json's derived-type-first property order ({@code timestamp}, {@code payload}
 *       first).</li>
 *   <li>{@code Order/9e8d…} — an active stream and a terminated one (ending in {@code EventStream.Closed})
 *       with every terminated-stream field; {@code chunkSettings} is {@code null}, as the reference writes
 *       it for an unchunked stream.</li>
 * </ul>
 * Files are compared as JSON trees read with {@link Json#mapper()} (exact BigDecimals, so {@code 10.50} and
 * {@code 10.5} differ); payloads are also compared byte for byte.
 */
class ReferenceLayoutTest {
    static final String ORDER = "Order";
    static final String CART = "ShoppingCart";
    static final String PLAIN_ID = "0b6e2c1a-7f3d-4a5e-9c81-2d4f6a8b0c11";
    static final String PLAIN_SID = "0b6e2c1a7f3d4a5e9c812d4f6a8b0c11-0000000000";
    static final String CHUNKED_ID = "c4a7e9b2-1d3f-4e6a-8b0c-9f2e4d6a8c13";
    static final String CHUNKED_SID = "c4a7e9b21d3f4e6a8b0c9f2e4d6a8c13-0000000000";
    static final String TERMINATED_ID = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c14";
    static final String TERMINATED_ACTIVE_SID = "9e8d7c6b5a4f4e3d8c2b1a0f9e8d7c14-0000000001";
    static final String TERMINATED_OLD_SID = "9e8d7c6b5a4f4e3d8c2b1a0f9e8d7c14-0000000000";

    /** One aggregate of the fixture and the id its clone gets. */
    record Aggregate(String objectName, String objectId, String cloneId) {
        String documentFile() {
            return "object-document-store/" + objectName + "/" + objectId + ".json";
        }
    }

    static final List<Aggregate> AGGREGATES = List.of(
            new Aggregate(ORDER, PLAIN_ID, "a1a1a1a1-0000-4000-8000-000000000001"),
            new Aggregate(CART, CHUNKED_ID, "b2b2b2b2-0000-4000-8000-000000000002"),
            new Aggregate(ORDER, TERMINATED_ID, "c3c3c3c3-0000-4000-8000-000000000003"));

    static final Path FIXTURE = fixtureFolder();

    @TempDir
    Path dir;
    Path storeRoot;
    FileEventStore store;
    BlobBackupProvider provider;
    BackupRestoreService service;
    final Clock clock = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void copyFixture() throws IOException {
        storeRoot = dir.resolve("store");
        for (String file : files(FIXTURE)) {
            Path target = storeRoot.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(FIXTURE.resolve(file), target);
        }
        store = new FileEventStore(storeRoot);
        provider = new BlobBackupProvider(new LocalBlobStore(dir.resolve("backups")));
        service = service(store);
    }

    // ------------------------------------------------------------------ reading the reference layout

    @Test
    void readDocumentReturnsEveryFieldOfAPlainStreamsDocument() {
        ObjectDocument doc = store.readDocument(ORDER, PLAIN_ID).orElseThrow().document();
        JsonNode fixture = tree(FIXTURE.resolve(AGGREGATES.get(0).documentFile()));

        assertThat(doc.objectId()).isEqualTo(PLAIN_ID);
        assertThat(doc.objectName()).isEqualTo(ORDER);
        assertThat(doc.schemaVersion()).isEqualTo("1.0.0");
        assertThat(doc.hash()).isEqualTo("9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8");
        assertThat(doc.prevHash()).isEqualTo("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809");
        assertThat(doc.terminatedStreams()).isEmpty();
        assertThat(doc.extra()).isEqualTo(fields(fixture, "futureTopLevelField"));

        StreamInformation active = doc.active();
        JsonNode fixtureActive = fixture.get("active");
        assertThat(active.streamIdentifier()).isEqualTo(PLAIN_SID);
        assertThat(active.streamType()).isEqualTo("blob");
        assertThat(active.currentStreamVersion()).isEqualTo(4);
        assertThat(active.chunkSettings()).isEqualTo(new ChunkSettings(1000, false, Map.of()));
        assertThat(active.chunked()).isFalse();
        assertThat(active.streamChunks()).isEmpty();
        assertThat(active.snapShots()).containsExactly(
                new SnapshotRef(2, null, Map.of()),
                new SnapshotRef(4, "summary", fields(fixtureActive.get("snapShots").get(1), "futureSnapshotField")));
        // The reference's other string fields, and an unknown one, are kept as they are.
        assertThat(active.extra()).isEqualTo(fields(fixtureActive, "documentTagType", "streamConnectionName",
                "documentTagConnectionName", "streamTagConnectionName", "snapShotConnectionName", "documentType",
                "eventStreamTagType", "documentRefType", "futureActiveField"));
        assertThat(active.extra().get("futureActiveField").get("weights").get(0).decimalValue())
                .isEqualByComparingTo("0.10").hasToString("0.10");
    }

    @Test
    void readDocumentReturnsTheChunkLayoutOfAChunkedStream() {
        ObjectDocument doc = store.readDocument(CART, CHUNKED_ID).orElseThrow().document();
        JsonNode fixture = tree(FIXTURE.resolve(AGGREGATES.get(1).documentFile()));
        JsonNode fixtureActive = fixture.get("active");

        assertThat(doc.objectName()).isEqualTo(CART);
        assertThat(doc.prevHash()).isEqualTo("*");
        assertThat(doc.extra()).isEqualTo(fields(fixture, "futureTopLevelField"));
        StreamInformation active = doc.active();
        assertThat(active.streamIdentifier()).isEqualTo(CHUNKED_SID);
        assertThat(active.currentStreamVersion()).isEqualTo(7);
        assertThat(active.chunked()).isTrue();
        assertThat(active.chunkSettings()).isEqualTo(new ChunkSettings(3, true,
                fields(fixtureActive.get("chunkSettings"), "futureChunkSettingsField")));
        assertThat(active.streamChunks()).containsExactly(
                new StreamChunk(0, 0, 2, fields(fixtureActive.get("streamChunks").get(0), "futureChunkField")),
                StreamChunk.of(1, 3, 5),
                StreamChunk.of(2, 6, 7));
        assertThat(active.snapShots()).isEmpty();
        assertThat(active.extra()).isEqualTo(fields(fixtureActive, "documentTagType", "streamConnectionName",
                "documentTagConnectionName", "streamTagConnectionName", "snapShotConnectionName", "documentType",
                "eventStreamTagType", "documentRefType", "futureActiveField"));
    }

    @Test
    void readDocumentReturnsEveryFieldOfATerminatedStream() {
        ObjectDocument doc = store.readDocument(ORDER, TERMINATED_ID).orElseThrow().document();
        JsonNode fixture = tree(FIXTURE.resolve(AGGREGATES.get(2).documentFile()));
        JsonNode fixtureTerminated = fixture.get("terminatedStreams").get(0);

        assertThat(doc.active().streamIdentifier()).isEqualTo(TERMINATED_ACTIVE_SID);
        assertThat(doc.active().currentStreamVersion()).isEqualTo(1);
        assertThat(doc.active().chunkSettings()).isNull();
        assertThat(doc.active().extra()).containsEntry("futureActiveField", fixture.get("active").get("futureActiveField"));
        assertThat(doc.terminatedStreams()).containsExactly(new TerminatedStream(TERMINATED_OLD_SID, "blob",
                "Migrated to schema 2", TERMINATED_ACTIVE_SID, "2024-02-10T08:00:00.0000000+00:00", 2, false, null,
                fixtureTerminated.get("metadata"), fields(fixtureTerminated, "streamConnectionName")));
        assertThat(doc.extra()).isEmpty();
    }

    @Test
    void readEventsReturnsEveryEventOfEveryStreamWithItsLiteralNumbers() {
        SoftAssertions soft = new SoftAssertions();
        for (StreamFiles s : streams(FIXTURE)) {
            List<Event> read = readAll(store, s.objectName(), s.info());
            List<JsonNode> expected = fixtureEvents(s.files());
            soft.assertThat(read).as("events of %s", s.info().streamIdentifier()).hasSameSizeAs(expected);
            Map<Integer, String> rawPayloads = rawPayloads(s.files());
            for (int i = 0; i < Math.min(read.size(), expected.size()); i++) {
                Event actual = read.get(i);
                JsonNode e = expected.get(i);
                String what = s.info().streamIdentifier() + " v" + i;
                soft.assertThat(actual.eventVersion()).as(what + " version").isEqualTo(i);
                soft.assertThat(actual.eventType()).as(what + " type").isEqualTo(e.get("type").textValue());
                soft.assertThat(actual.schemaVersion()).as(what + " schemaVersion")
                        .isEqualTo(e.has("schemaVersion") ? e.get("schemaVersion").intValue() : null);
                soft.assertThat(actual.externalSequencer()).as(what + " exseq").isEqualTo(text(e, "exseq"));
                soft.assertThat(actual.timestamp()).as(what + " timestamp").isEqualTo(text(e, "timestamp"));
                soft.assertThat(actual.metadata()).as(what + " metadata").isEqualTo(stringMap(e.get("metadata")));
                soft.assertThat(actual.action()).as(what + " action").isEqualTo(action(e.get("action")));
                soft.assertThat(actual.extra()).as(what + " unknown fields").isEqualTo(fieldsExcept(e,
                        "type", "version", "schemaVersion", "exseq", "action", "metadata", "payload", "timestamp"));
                soft.assertThat(tree(actual.payload().text())).as(what + " payload").isEqualTo(e.get("payload"));
                soft.assertThat(numberLiterals(actual.payload().text())).as(what + " payload number literals")
                        .isEqualTo(numberLiterals(rawPayloads.get(i)));
            }
        }
        soft.assertAll();

        List<Event> plain = readAll(store, ORDER, document(store, ORDER, PLAIN_ID).active());
        assertThat(numberLiterals(plain.get(0).payload().text())).contains("10.50", "0.00");
        assertThat(numberLiterals(plain.get(1).payload().text()))
                .contains("123456789012345678901234567890", "1e5", "-0.0", "2.5E-7", "4.00");
        assertThat(plain.get(4).payload().text()).isEqualTo("10.50");
        assertThat(tree(plain.get(2).payload().text()).get("note").textValue()).isEqualTo("café ☕ ☕ 日本語 😀 😀");
    }

    @Test
    void theCursorHeaderIsTheEventsDocumentsHeaderWhereverItStands() {
        for (StreamFiles s : streams(FIXTURE)) {
            try (EventCursor c = store.readEvents(s.objectName(), s.info(), 0, Integer.MAX_VALUE)) {
                // For a chunked stream the header is the first chunk's.
                assertThat(c.header().fields()).as(s.info().streamIdentifier())
                        .isEqualTo(fieldsExcept(tree(s.files().get(0)), "events"));
            }
        }
    }

    /**
     * An append copies the stored events into the new document as they are: the plain stream's header stands
     * after its events (and is pretty-printed), so the copy goes on past the events array to the members after it.
     */
    @Test
    void appendingToAReferenceStreamKeepsItsHeaderAndItsEventsBytes() {
        StreamInformation active = document(store, ORDER, PLAIN_ID).active();
        Path file = storeRoot.resolve("order/" + PLAIN_SID + ".json");
        JsonNode before = tree(file);
        List<RawEvent> stored = rawEvents(active);

        Event added = Event.of("OrderNoted", 5, "{\"note\":\"caf\u00e9\"}", "2024-06-01T12:00:00Z");
        StreamInformation after = store.appendEvents(ORDER, active, null, List.of(added).iterator());

        assertThat(after.currentStreamVersion()).isEqualTo(5);
        JsonNode written = tree(file);
        assertThat(fieldsExcept(written, "events")).isEqualTo(fieldsExcept(before, "events")).isNotEmpty();
        List<RawEvent> now = rawEvents(after);
        assertThat(now.subList(0, stored.size())).isEqualTo(stored);
        assertThat(now).hasSize(6);
        assertThat(tree(now.get(5).json().text())).isEqualTo(tree("{\"type\":\"OrderNoted\",\"version\":5,"
                + "\"payload\":{\"note\":\"caf\u00e9\"},\"timestamp\":\"2024-06-01T12:00:00Z\"}"));
    }

    private List<RawEvent> rawEvents(StreamInformation stream) {
        List<RawEvent> events = new ArrayList<>();
        try (RawEventCursor c = (RawEventCursor) store.readEvents(ORDER, stream, 0, Integer.MAX_VALUE)) {
            c.rawEvents().forEachRemaining(events::add);
        }
        return events;
    }

    @Test
    void listObjectIdsListsTheAggregatesOfEachObjectName() {
        try (Stream<String> ids = store.listObjectIds(ORDER)) {
            assertThat(ids).containsExactlyInAnyOrder(PLAIN_ID, TERMINATED_ID);
        }
        try (Stream<String> ids = store.listObjectIds(CART)) {
            assertThat(ids).containsExactly(CHUNKED_ID);
        }
    }

    // ------------------------------------------------------------------ backup → restore into an empty store

    @Test
    void restoreIntoAnEmptyStoreWritesExactlyTheFixturesFiles() {
        Path restored = restoreAllIntoNewStore();
        assertThat(files(restored)).isEqualTo(files(FIXTURE));
    }

    @Test
    void restoredObjectDocumentsEqualTheFixtures() {
        Path restored = restoreAllIntoNewStore();
        SoftAssertions soft = new SoftAssertions();
        for (Aggregate a : AGGREGATES) {
            soft.assertThat(tree(restored.resolve(a.documentFile()))).as(a.documentFile())
                    .isEqualTo(tree(FIXTURE.resolve(a.documentFile())));
        }
        soft.assertAll();
    }

    @Test
    void restoredEventsDocumentsHaveTheFixturesHeadersAndEvents() {
        Path restored = restoreAllIntoNewStore();
        SoftAssertions soft = new SoftAssertions();
        for (StreamFiles s : streams(FIXTURE)) {
            for (Path file : s.files()) {
                String relative = FIXTURE.relativize(file).toString();
                compareEventsDocuments(soft, relative, tree(file), tree(restored.resolve(relative)));
            }
        }
        soft.assertAll();
    }

    @Test
    void restoredSnapshotsEqualTheFixtures() {
        Path restored = restoreAllIntoNewStore();
        List<String> snapshots = files(FIXTURE).stream().filter(f -> f.contains("/snapshot/")).toList();
        assertThat(snapshots).hasSize(2);
        SoftAssertions soft = new SoftAssertions();
        for (String f : snapshots) {
            soft.assertThat(tree(restored.resolve(f))).as(f).isEqualTo(tree(FIXTURE.resolve(f)));
        }
        soft.assertAll();
    }

    @Test
    void restoredPayloadsAreTheFixturesExactBytes() {
        Path restored = restoreAllIntoNewStore();
        SoftAssertions soft = new SoftAssertions();
        for (StreamFiles s : streams(FIXTURE)) {
            for (Path file : s.files()) {
                String relative = FIXTURE.relativize(file).toString();
                soft.assertThat(rawPayloads(List.of(restored.resolve(relative)))).as("payload bytes of " + relative)
                        .isEqualTo(rawPayloads(List.of(file)));
            }
        }
        soft.assertAll();
    }

    // ------------------------------------------------------------------ backup → clone into the same store

    @Test
    void cloneWritesANewDocumentAndNewStreamsWithTheSameEvents() {
        for (Aggregate a : AGGREGATES) {
            ObjectDocument original = document(store, a.objectName(), a.objectId());
            BackupHandle handle = service.backupStream(a.objectName(), a.objectId(), BackupOptions.FULL);
            RestoreResult result = service.restoreToNewStream(handle, a.cloneId());

            ObjectDocument clone = document(store, a.objectName(), a.cloneId());
            assertThat(clone.objectId()).isEqualTo(a.cloneId());
            assertThat(clone.objectName()).isEqualTo(a.objectName());
            assertThat(clone.active().streamIdentifier()).isEqualTo(result.streamIdentifier())
                    .isNotEqualTo(original.active().streamIdentifier())
                    .startsWith(a.cloneId().replace("-", "") + "-");
            assertThat(clone.active().currentStreamVersion()).isEqualTo(original.active().currentStreamVersion());
            assertThat(clone.active().chunkSettings()).isEqualTo(original.active().chunkSettings());
            assertThat(clone.active().streamChunks()).isEqualTo(original.active().streamChunks());
            assertThat(clone.active().snapShots()).isEqualTo(original.active().snapShots());
            assertThat(readAll(store, a.objectName(), clone.active()))
                    .isEqualTo(readAll(store, a.objectName(), original.active()));
            try (EventCursor c = store.readEvents(a.objectName(), clone.active(), 0, Integer.MAX_VALUE);
                 EventCursor o = store.readEvents(a.objectName(), original.active(), 0, Integer.MAX_VALUE)) {
                assertThat(c.header().fields()).isEqualTo(o.header().withObjectId(a.cloneId()).fields());
            }
            for (SnapshotRef ref : original.active().snapShots()) {
                assertThat(tree(read(store, a.objectName(), clone.active().streamIdentifier(), ref)))
                        .isEqualTo(tree(read(store, a.objectName(), original.active().streamIdentifier(), ref)));
            }
            assertThat(clone.terminatedStreams()).hasSameSizeAs(original.terminatedStreams());
            for (int i = 0; i < original.terminatedStreams().size(); i++) {
                TerminatedStream o = original.terminatedStreams().get(i);
                TerminatedStream c = clone.terminatedStreams().get(i);
                assertThat(c.streamIdentifier()).isNotEqualTo(o.streamIdentifier())
                        .isNotEqualTo(clone.active().streamIdentifier());
                assertThat(c.continuationStreamId()).isEqualTo(clone.active().streamIdentifier());
                assertThat(c.withStreamIdentifier(o.streamIdentifier(), o.continuationStreamId())).isEqualTo(o);
                assertThat(readAll(store, a.objectName(), StreamInformation.empty(c.streamIdentifier(), "blob")))
                        .isEqualTo(readAll(store, a.objectName(), StreamInformation.empty(o.streamIdentifier(), "blob")));
            }
        }
        // The clone left the original aggregates as they were.
        for (String f : files(FIXTURE)) {
            assertThat(storeRoot.resolve(f)).as(f).hasSameBinaryContentAs(FIXTURE.resolve(f));
        }
    }

    @Test
    void clonedObjectDocumentsAreTheFixturesWithTheNewIds() {
        SoftAssertions soft = new SoftAssertions();
        for (Aggregate a : AGGREGATES) {
            Clone clone = cloneOf(a);
            ObjectNode expected = (ObjectNode) tree(FIXTURE.resolve(a.documentFile()));
            expected.put("objectId", a.cloneId());
            ((ObjectNode) expected.get("active")).put("streamIdentifier", clone.renamed().get(
                    expected.get("active").get("streamIdentifier").textValue()));
            for (JsonNode t : expected.get("terminatedStreams")) {
                ((ObjectNode) t).put("streamIdentifier", clone.renamed().get(t.get("streamIdentifier").textValue()));
                ((ObjectNode) t).put("continuationStreamId",
                        clone.renamed().get(t.get("continuationStreamId").textValue()));
            }
            soft.assertThat(tree(storeRoot.resolve("object-document-store/" + a.objectName() + "/" + a.cloneId()
                    + ".json"))).as("clone of " + a.documentFile()).isEqualTo(expected);
        }
        soft.assertAll();
    }

    @Test
    void clonedEventsDocumentsHaveTheFixturesEventsAndTheNewObjectId() {
        SoftAssertions soft = new SoftAssertions();
        for (Aggregate a : AGGREGATES) {
            Clone clone = cloneOf(a);
            clone.files().forEach((fixtureFile, cloneFile) -> {
                ObjectNode expected = (ObjectNode) tree(FIXTURE.resolve(fixtureFile));
                expected.put("objectId", a.cloneId());
                compareEventsDocuments(soft, cloneFile + " (clone of " + fixtureFile + ")", expected,
                        tree(storeRoot.resolve(cloneFile)));
            });
        }
        soft.assertAll();
    }

    @Test
    void clonedPayloadsAreTheFixturesExactBytes() {
        SoftAssertions soft = new SoftAssertions();
        for (Aggregate a : AGGREGATES) {
            Clone clone = cloneOf(a);
            clone.files().forEach((fixtureFile, cloneFile) -> soft
                    .assertThat(rawPayloads(List.of(storeRoot.resolve(cloneFile))))
                    .as("payload bytes of " + cloneFile + " (clone of " + fixtureFile + ")")
                    .isEqualTo(rawPayloads(List.of(FIXTURE.resolve(fixtureFile)))));
        }
        soft.assertAll();
    }

    // ------------------------------------------------------------------ helpers

    private BackupRestoreService service(EventStore target) {
        return BackupRestoreService.builder(target, provider).clock(clock).build();
    }

    /** Backs every aggregate up (FULL) from the fixture store and restores each into a new, empty folder. */
    private Path restoreAllIntoNewStore() {
        Path root = dir.resolve("restored");
        BackupRestoreService into = service(new FileEventStore(root));
        for (Aggregate a : AGGREGATES) {
            ObjectDocument original = document(store, a.objectName(), a.objectId());
            BackupHandle handle = service.backupStream(a.objectName(), a.objectId(), BackupOptions.FULL);
            assertThat(handle.eventCount()).isEqualTo(original.active().eventCount());
            assertThat(handle.manifest().snapshotCount()).isEqualTo(original.active().snapShots().size());
            assertThat(handle.manifest().terminatedStreamCount()).isEqualTo(original.terminatedStreams().size());
            RestoreResult result = into.restoreStream(handle);
            // An empty target keeps the original stream identifiers, so the layout is reproduced.
            assertThat(result.streamIdentifier()).isEqualTo(original.active().streamIdentifier());
            assertThat(result.eventsRestored()).isEqualTo(original.active().eventCount());
        }
        return root;
    }

    /** What a clone of {@code a} wrote: stream identifiers old → new, and events files fixture → clone. */
    record Clone(Map<String, String> renamed, Map<String, String> files) {
    }

    private Clone cloneOf(Aggregate a) {
        ObjectDocument original = document(store, a.objectName(), a.objectId());
        BackupHandle handle = service.backupStream(a.objectName(), a.objectId(), BackupOptions.FULL);
        service.restoreToNewStream(handle, a.cloneId());
        ObjectDocument clone = document(store, a.objectName(), a.cloneId());
        Map<String, String> renamed = new LinkedHashMap<>();
        renamed.put(original.active().streamIdentifier(), clone.active().streamIdentifier());
        assertThat(clone.terminatedStreams()).hasSameSizeAs(original.terminatedStreams());
        for (int i = 0; i < original.terminatedStreams().size(); i++) {
            renamed.put(original.terminatedStreams().get(i).streamIdentifier(),
                    clone.terminatedStreams().get(i).streamIdentifier());
        }
        Map<String, String> files = new LinkedHashMap<>();
        String folder = a.objectName().toLowerCase(Locale.ROOT) + "/";
        renamed.forEach((from, to) -> {
            for (String f : files(FIXTURE)) {
                if (f.startsWith(folder + from + ".json") || f.startsWith(folder + from + "-")) {
                    files.put(f, folder + to + f.substring(folder.length() + from.length()));
                }
            }
        });
        assertThat(files).isNotEmpty();
        return new Clone(renamed, files);
    }

    /**
     * Compares two events documents as JSON trees: the same header fields and the same events. The restored
     * document writes its header before {@code events} and each event's fields in the codec's order, while the
     * fixture has other orders (header after the events, {@code timestamp} first); trees ignore field order.
     */
    private static void compareEventsDocuments(SoftAssertions soft, String what, JsonNode expected, JsonNode actual) {
        soft.assertThat(fieldsExcept(actual, "events")).as(what + " header").isEqualTo(fieldsExcept(expected, "events"));
        JsonNode expectedEvents = expected.get("events");
        JsonNode actualEvents = actual.get("events");
        soft.assertThat(actualEvents).as(what + " events").isNotNull();
        if (actualEvents == null) {
            return;
        }
        soft.assertThat(actualEvents.size()).as(what + " event count").isEqualTo(expectedEvents.size());
        for (int i = 0; i < Math.min(expectedEvents.size(), actualEvents.size()); i++) {
            soft.assertThat(actualEvents.get(i)).as(what + " event " + i).isEqualTo(expectedEvents.get(i));
        }
    }

    /** A stream of the fixture and its events files in order. */
    record StreamFiles(String objectName, StreamInformation info, List<Path> files) {
    }

    /** Every stream of the store at {@code root}: each aggregate's active stream and its terminated streams. */
    private static List<StreamFiles> streams(Path root) {
        FileEventStore s = new FileEventStore(root);
        List<StreamFiles> out = new ArrayList<>();
        for (Aggregate a : AGGREGATES) {
            ObjectDocument doc = document(s, a.objectName(), a.objectId());
            String folder = a.objectName().toLowerCase(Locale.ROOT) + "/";
            StreamInformation active = doc.active();
            List<Path> files = new ArrayList<>();
            if (active.chunked()) {
                for (StreamChunk c : active.streamChunks()) {
                    files.add(root.resolve(folder + active.streamIdentifier() + "-" + String.format("%010d", c.id())
                            + ".json"));
                }
            } else {
                files.add(root.resolve(folder + active.streamIdentifier() + ".json"));
            }
            out.add(new StreamFiles(a.objectName(), active, files));
            for (TerminatedStream t : doc.terminatedStreams()) {
                out.add(new StreamFiles(a.objectName(), StreamInformation.empty(t.streamIdentifier(), t.streamType()),
                        List.of(root.resolve(folder + t.streamIdentifier() + ".json"))));
            }
        }
        assertThat(out).hasSize(4);
        return out;
    }

    private static List<JsonNode> fixtureEvents(List<Path> files) {
        List<JsonNode> events = new ArrayList<>();
        for (Path f : files) {
            tree(f).get("events").forEach(events::add);
        }
        return events;
    }

    /**
     * The exact text of each event's payload in events documents, by version: the bytes from the payload
     * value's first token to the end of its last, located with the parser's byte offsets.
     */
    static Map<Integer, String> rawPayloads(List<Path> files) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                try (JsonParser p = Json.mapper().createParser(bytes)) {
                    assertThat(p.nextToken()).as(file.toString()).isEqualTo(JsonToken.START_OBJECT);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        if (!name.equals("events")) {
                            p.skipChildren();
                            continue;
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            Integer version = null;
                            String payload = null;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String field = p.currentName();
                                JsonToken value = p.nextToken();
                                if (field.equals("payload")) {
                                    long start = p.currentTokenLocation().getByteOffset();
                                    if (value.isStructStart()) {
                                        p.skipChildren();
                                    } else {
                                        p.finishToken();
                                    }
                                    long end = p.currentLocation().getByteOffset();
                                    payload = new String(bytes, (int) start, (int) (end - start), StandardCharsets.UTF_8);
                                } else if (field.equals("version")) {
                                    version = p.getIntValue();
                                } else {
                                    p.skipChildren();
                                }
                            }
                            out.put(version, payload);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file.toString(), e);
            }
        }
        return out;
    }

    /** The literal text of every number token in {@code json}, in order. */
    static List<String> numberLiterals(String json) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = Json.mapper().createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    out.add(p.getText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static ActionMetadata action(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        JsonNode user = n.get("originatedFromUser");
        return new ActionMetadata(text(n, "correlationId"), text(n, "causationId"),
                user == null || user.isNull() ? null : user, text(n, "eventOccuredAt"),
                fieldsExcept(n, "correlationId", "causationId", "originatedFromUser", "eventOccuredAt"));
    }

    private static Map<String, String> stringMap(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().textValue()));
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.textValue();
    }

    /** The named fields of {@code n}, in that order. */
    private static Map<String, JsonNode> fields(JsonNode n, String... names) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String name : names) {
            assertThat(n.has(name)).as("fixture has " + name).isTrue();
            out.put(name, n.get(name));
        }
        return out;
    }

    /** Every field of {@code n} but the named ones. */
    private static Map<String, JsonNode> fieldsExcept(JsonNode n, String... names) {
        Set<String> skip = Set.of(names);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!skip.contains(f.getKey())) {
                out.put(f.getKey(), f.getValue());
            }
        }
        return out;
    }

    private static List<Event> readAll(EventStore s, String objectName, StreamInformation stream) {
        List<Event> out = new ArrayList<>();
        try (EventCursor c = s.readEvents(objectName, stream, 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(out::add);
        }
        return out;
    }

    private static ObjectDocument document(EventStore s, String objectName, String objectId) {
        return s.readDocument(objectName, objectId).orElseThrow().document();
    }

    private static byte[] read(EventStore s, String objectName, String streamIdentifier, SnapshotRef ref) {
        try (var in = s.capability(SnapshotStore.class).orElseThrow().readSnapshot(objectName, streamIdentifier, ref).orElseThrow()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(Path file) {
        try {
            return Json.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    private static JsonNode tree(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code root}, as sorted '/'-separated relative paths. */
    private static Set<String> files(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path fixtureFolder() {
        try {
            return Path.of(ReferenceLayoutTest.class.getResource("/reference-store").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
