package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import java.time.Duration;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.blob.LocalBlobStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import com.fasterxml.jackson.core.JsonParser;
import io.esbackup.error.ConflictException;
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamChunk;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.json.Json;
import io.esbackup.store.EventCursor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Review of issue #15: what a Table store must not lose, delete or change. */
@ExtendWith(Azurite.class)
class TableReviewTest {
    private static final String OBJECT = "Order";

    private static TableLayout newLayout() {
        return TableLayout.defaults().withPrefix(Azurite.uniqueTablePrefix("v"));
    }

    private static Event plain(int v) {
        return Event.of("Happened", v, "{\"n\":" + v + "}", null);
    }

    private static List<Event> read(TableEventStore store, StreamInformation stream, int from, int to) {
        List<Event> events = new ArrayList<>();
        try (EventCursor c = store.readEvents(OBJECT, stream, from, to)) {
            c.forEachRemaining(events::add);
        }
        return events;
    }

    /**
     * An append that fails part-way takes back its own rows only: rows another writer appended on top of the
     * part already written are that writer's.
     */
    @Test
    void aFailedAppendTakesBackOnlyItsOwnRows() {
        TableLayout layout = newLayout();
        TableEventStore first = new TableEventStore(Azurite.tableClient(), layout);
        TableEventStore second = new TableEventStore(Azurite.tableClient(), layout);
        StreamInformation empty = StreamInformation.empty("s-race", "table");
        StreamHeader header = StreamHeader.of(OBJECT, "o-1");
        StreamInformation[] afterSecond = new StreamInformation[1];
        Iterator<Event> events = new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < 250;
            }

            @Override
            public Event next() {
                if (next == 150) {
                    // The first transaction (versions 0..99) is in; another writer appends on top of it.
                    afterSecond[0] = second.appendEvents(OBJECT, empty.withVersion(99, List.of()), header,
                            IntStream.range(100, 105).mapToObj(TableReviewTest::plain).iterator());
                }
                return plain(next++);
            }
        };

        assertThatThrownBy(() -> first.appendEvents(OBJECT, empty, header, events))
                .isInstanceOf(ConflictException.class).hasMessageContaining("another writer");

        assertThat(afterSecond[0].currentStreamVersion()).isEqualTo(104);
        assertThat(read(second, afterSecond[0], 100, 104)).as("the other writer's events")
                .extracting(Event::eventVersion).containsExactly(100, 101, 102, 103, 104);
        assertThat(read(second, afterSecond[0], 0, 99)).as("the failed append's own rows").isEmpty();
    }

    /**
     * The side tables are keyed by object id alone, so two aggregates of different object names with one id
     * share their rows: writing one's document must not delete the other's chunk rows.
     */
    @Test
    void writingADocumentLeavesTheSideRowsOfAnotherObjectNameWithTheSameId() {
        TableEventStore store = new TableEventStore(Azurite.tableClient(), newLayout());
        StreamInformation chunked = new StreamInformation("order-42-stream", "table", 4, ChunkSettings.of(3),
                List.of(StreamChunk.of(0, 0, 2), StreamChunk.of(1, 3, 4)), List.of(), Map.of());
        store.writeDocument(ObjectDocument.create("order", "42", chunked), null);
        store.writeDocument(ObjectDocument.create("customer", "42",
                StreamInformation.empty("customer-42-stream", "table")), null);

        ObjectDocument order = store.readDocument("order", "42").orElseThrow().document();
        assertThat(order.active().streamChunks()).as("order/42's chunks")
                .extracting(StreamChunk::id).containsExactly(0, 1);
    }

    /** With no other object name holding its id, a document's rewrite deletes the side rows it no longer lists. */
    @Test
    void rewritingADocumentDeletesItsOwnSideRowsItNoLongerLists() {
        TableEventStore store = new TableEventStore(Azurite.tableClient(), newLayout());
        StreamInformation chunked = new StreamInformation("order-43-stream", "table", 4, ChunkSettings.of(3),
                List.of(StreamChunk.of(0, 0, 2), StreamChunk.of(1, 3, 4)), List.of(), Map.of());
        String etag = store.writeDocument(ObjectDocument.create("order", "43", chunked), null);
        StreamInformation replaced = new StreamInformation("order-43-new", "table", 1, ChunkSettings.of(3),
                List.of(StreamChunk.of(0, 0, 1)), List.of(), Map.of());
        store.writeDocument(ObjectDocument.create("order", "43", replaced), etag);

        assertThat(store.readDocument("order", "43").orElseThrow().document().active().streamChunks())
                .containsExactly(StreamChunk.of(0, 0, 1));
    }

    /**
     * A document write whose row is in but whose side rows then fail has published the restore: the restored
     * stream the row now names must not be discarded, or the live aggregate points at nothing.
     */
    @Test
    void aSwapThatFailsAfterTheDocumentRowIsInKeepsTheStreamTheRowNames(@TempDir Path dir) {
        TableLayout layout = newLayout();
        AtomicBoolean armed = new AtomicBoolean();
        AtomicBoolean rowWritten = new AtomicBoolean();
        TableServiceClient faulty = new TableServiceClientBuilder().connectionString(Azurite.tableConnectionString())
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)))
                .addPolicy((context, next) -> {
                    String url = context.getHttpRequest().getUrl().toString();
                    HttpMethod method = context.getHttpRequest().getHttpMethod();
                    if (rowWritten.get() && method == HttpMethod.GET && url.contains(layout.terminatedStreams())
                            && armed.compareAndSet(true, false)) {
                        // Once: the write's last request fails, and the service answers again after it.
                        return Mono.error(new InjectedFault());
                    }
                    boolean documentWrite = url.contains("/" + layout.documents()) && method != HttpMethod.GET;
                    return next.process().doOnNext(r -> {
                        if (armed.get() && documentWrite && r.getStatusCode() < 300) {
                            rowWritten.set(true);
                        }
                    });
                })
                .buildClient();
        TableEventStore store = new TableEventStore(faulty, layout);
        StreamInformation s = store.appendEvents(OBJECT, StreamInformation.empty("s-live", "table"),
                StreamHeader.of(OBJECT, "o-77"), IntStream.range(0, 3).mapToObj(TableReviewTest::plain).iterator());
        store.writeDocument(ObjectDocument.create(OBJECT, "o-77", s), null);
        BackupRestoreService service = new BackupRestoreService(store, new BlobBackupProvider(new LocalBlobStore(dir)));
        BackupHandle backup = service.backupStream(OBJECT, "o-77", BackupOptions.FULL);

        armed.set(true);
        assertThatThrownBy(() -> service.restoreStream(backup, RestoreOptions.builder().overwrite(true).build()))
                .hasRootCauseInstanceOf(InjectedFault.class).hasMessageContaining("is live");

        ObjectDocument now = store.readDocument(OBJECT, "o-77").orElseThrow().document();
        assertThat(read(store, now.active(), 0, Integer.MAX_VALUE)).as("the events of the stream the live document"
                + " names (" + now.active().streamIdentifier() + ")").hasSize(3);
    }

    /** The fault the test injects, and nothing else. */
    private static final class InjectedFault extends RuntimeException {
        InjectedFault() {
            super("injected: side rows unreachable");
        }
    }

    /**
     * A transaction may carry 4 MiB: an event whose gzipped payload needs more pieces than that goes over
     * several transactions rather than one the service refuses.
     */
    @Test
    void anEventLargerThanATransactionIsWrittenAndReadWhole() {
        TableEventStore store = new TableEventStore(Azurite.tableClient(), newLayout());
        Event huge = Event.of("Huge", 0, bigIncompressible(5_000_000), null);
        StreamInformation s = store.appendEvents(OBJECT, StreamInformation.empty("s-huge", "table"),
                StreamHeader.of(OBJECT, "o-huge"), List.of(huge).iterator());
        assertThat(read(store, s, 0, 0)).singleElement()
                .satisfies(e -> assertThat(e.payload().text()).isEqualTo(huge.payload().text()));
    }

    /**
     * A transaction the service refuses with an XML answer (one over 4 MiB) is a status the store can read, not
     * a LinkageError from an SDK that cannot parse the answer.
     */
    @Test
    void aRefusalAnsweredInXmlIsAnErrorWithItsStatus() {
        com.azure.data.tables.TableClient table = Azurite.tableClient()
                .createTableIfNotExists(Azurite.uniqueTablePrefix("xml") + "big");
        List<com.azure.data.tables.models.TableTransactionAction> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 90; i++) {
            rows.add(new com.azure.data.tables.models.TableTransactionAction(
                    com.azure.data.tables.models.TableTransactionActionType.CREATE,
                    new com.azure.data.tables.models.TableEntity("p", "r" + i)
                            .addProperty("Data", bigIncompressible(60_000).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        }
        RuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> table.submitTransaction(rows));
        assertThat(TableErrors.status(refused)).as(refused.toString()).isBetween(400, 499);
    }

    /** Events at the edges of the model go in and come out the same. */
    @Test
    void edgeEventsRoundTrip() {
        TableEventStore store = new TableEventStore(Azurite.tableClient(), newLayout());
        String big = bigIncompressible(900_000);
        List<Event> events = List.of(
                event(0, "{\"type\":\"A\",\"version\":0,\"action\":null,\"metadata\":null,\"schemaVersion\":null,"
                        + "\"payload\":null}"),
                event(1, "{\"type\":\"B\",\"version\":1,\"schemaVersion\":0,\"action\":{},\"metadata\":{\"n\":1,"
                        + "\"o\":{\"x\":[1,2]}},\"payload\":[]}"),
                event(2, "{\"type\":\"C\",\"version\":2,\"action\":{\"CorrelationId\":\"up\",\"correlationId\":\"low\","
                        + "\"_x\":1,\"9\":true,\"\":\"empty\"},\"payload\":\"\\ud83d\\ude00 \\u00e9\"}"),
                event(3, "{\"type\":\"D\",\"version\":3,\"exseq\":\"7\",\"timestamp\":\"2024-01-01T00:00:00+02:00\","
                        + "\"future\":{\"a\":null},\"payload\":" + big + "}"),
                event(4, "{\"type\":\"E\",\"version\":4,\"action\":{\"originatedFromUser\":{\"id\":1}},"
                        + "\"payload\":1e400}"));
        StreamInformation s = store.appendEvents(OBJECT, StreamInformation.empty("s-edge", "table"),
                StreamHeader.of(OBJECT, "o-edge"), events.iterator());
        List<Event> back = read(store, s, 0, Integer.MAX_VALUE);
        assertThat(back).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event b = back.get(i);
            Map<String, com.fasterxml.jackson.databind.JsonNode> extra = new java.util.LinkedHashMap<>(b.extra());
            extra.remove(TableEventRows.TABLE_ROW);
            Event stripped = new Event(b.eventType(), b.eventVersion(), b.schemaVersion(), b.externalSequencer(),
                    b.action(), b.metadata(), b.payload(), b.timestamp(), extra);
            assertThat(stripped).as("event " + i).isEqualTo(events.get(i));
        }
    }

    /** More than a page of rows (1000) in one partition, and a page boundary inside a large payload's pieces. */
    @Test
    void aPartitionOfMoreThanAThousandRowsIsReadWhole() {
        TableEventStore store = new TableEventStore(Azurite.tableClient(), newLayout());
        List<Event> events = new ArrayList<>();
        for (int v = 0; v < 1005; v++) {
            events.add(v == 995 ? Event.of("Big", v, bigIncompressible(700_000), null) : plain(v));
        }
        StreamInformation s = store.appendEvents(OBJECT, StreamInformation.empty("s-page", "table"),
                StreamHeader.of(OBJECT, "o-page"), events.iterator());
        List<Event> back = read(store, s, 0, Integer.MAX_VALUE);
        assertThat(back).extracting(Event::eventVersion).containsExactlyElementsOf(
                IntStream.range(0, 1005).boxed().toList());
        assertThat(back.get(995).payload().text()).isEqualTo(events.get(995).payload().text());
    }

    /** A JSON string of random Base64, which gzip cannot shrink below 61,440 bytes a piece times ten. */
    private static String bigIncompressible(int chars) {
        byte[] random = new byte[chars * 3 / 4];
        new Random(15).nextBytes(random);
        return "\"" + Base64.getEncoder().encodeToString(random) + "\"";
    }

    private static Event event(int version, String json) {
        try (JsonParser p = Json.parser(json.getBytes(StandardCharsets.UTF_8))) {
            p.nextToken();
            Event e = EventCodec.read(p);
            assertThat(e.eventVersion()).isEqualTo(version);
            return e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
