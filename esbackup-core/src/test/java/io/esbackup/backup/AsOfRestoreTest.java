package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.error.StreamAlreadyExistsException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.store.StoredDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** restoreAsOf end to end over the in-memory store and blob provider, with backups placed in time by a clock. */
class AsOfRestoreTest {
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-02T00:00:00Z");
    private static final Instant T3 = Instant.parse("2026-01-03T00:00:00Z");

    private final HandClock clock = new HandClock(T1);
    private final InMemoryBlobStore backups = new InMemoryBlobStore();
    private final InMemoryEventStore live = new InMemoryEventStore();

    private BackupRestoreService service(EventStore store, BackupRegistry registry) {
        BackupRestoreServiceBuilder b = BackupRestoreService.builder(store, new BlobBackupProvider(backups))
                .clock(clock);
        return (registry == null ? b : b.registry(registry)).build();
    }

    private BackupRestoreService service(EventStore store) {
        return service(store, null);
    }

    /** What an aggregate was when it was backed up: its document and its events. */
    private record Taken(ObjectDocument document, List<Event> events) {}

    private Taken taken(EventStore store, String name, String id) {
        ObjectDocument doc = document(store, name, id);
        return new Taken(doc, readAll(store, name, doc.active()));
    }

    /**
     * Order o-1: T1 (2 events), T2 (4), T3 (6). Order o-2: T1 (3) and T3 (3, unchanged). Order o-3: T2 only.
     * Order o-4: T3 only. Invoice i-1: T1 and T3. Returns what each aggregate was at T2.
     */
    private Map<String, Taken> history(BackupRegistry registry) {
        BackupRestoreService s = service(live, registry);
        clock.set(T1);
        create(live, "Order", "o-1", 2);
        create(live, "Order", "o-2", 3);
        create(live, "Invoice", "i-1", 1);
        s.backupStream("Order", "o-1");
        s.backupStream("Order", "o-2");
        s.backupStream("Invoice", "i-1");
        clock.set(T2);
        append(live, "Order", "o-1", 2);
        create(live, "Order", "o-3", 5);
        // In another location, and expired by the time of the restore but not cleaned up: both still count.
        s.backupStream("Order", "o-1", BackupOptions.builder().location("nightly").retention(Duration.ofHours(1))
                .build());
        s.backupStream("Order", "o-3");
        Map<String, Taken> atT2 = Map.of(
                "Order/o-1", taken(live, "Order", "o-1"),
                "Order/o-2", taken(live, "Order", "o-2"),
                "Order/o-3", taken(live, "Order", "o-3"),
                "Invoice/i-1", taken(live, "Invoice", "i-1"));
        clock.set(T3);
        append(live, "Order", "o-1", 2);
        append(live, "Invoice", "i-1", 4);
        create(live, "Order", "o-4", 1);
        s.backupStream("Order", "o-1");
        s.backupStream("Order", "o-2");
        s.backupStream("Order", "o-4");
        s.backupStream("Invoice", "i-1");
        clock.set(T3.plus(Duration.ofDays(1)));
        return atT2;
    }

    @ParameterizedTest(name = "registry: {0}")
    @ValueSource(booleans = {false, true})
    void intoAnEmptyStoreRebuildsEveryAggregateAsItWasThen(boolean withRegistry) {
        BackupRegistry registry = withRegistry ? new InMemoryBackupRegistry() : null;
        Map<String, Taken> atT2 = history(registry);
        InMemoryEventStore empty = new InMemoryEventStore();

        BulkRestoreResult result = service(empty, registry).restoreAsOf(T2.plusSeconds(60), null,
                BulkRestoreOptions.DEFAULT);

        assertThat(result.isFullySuccessful()).isTrue();
        assertThat(result.totalProcessed()).isEqualTo(4);
        assertThat(result.successfulRestores()).extracting(r -> r.objectName() + "/" + r.objectId())
                .containsExactlyInAnyOrderElementsOf(atT2.keySet());
        atT2.forEach((key, then) -> {
            String[] parts = key.split("/");
            assertThat(taken(empty, parts[0], parts[1])).as(key).isEqualTo(then);
        });
        // o-4 was first backed up after the time, so it is not there at all.
        assertThat(empty.readDocument("Order", "o-4")).isEmpty();
    }

    @Test
    void aTimeExactlyAtABackupIncludesIt() {
        Map<String, Taken> atT2 = history(null);
        InMemoryEventStore empty = new InMemoryEventStore();

        BulkRestoreResult result = service(empty).restoreAsOf(T2, "Order", BulkRestoreOptions.DEFAULT);

        assertThat(result.successCount()).isEqualTo(3);
        assertThat(taken(empty, "Order", "o-1")).isEqualTo(atT2.get("Order/o-1"));
        assertThat(taken(empty, "Order", "o-3")).isEqualTo(atT2.get("Order/o-3"));
        // One nanosecond earlier, o-1 is as at T1 and o-3 has no backup yet.
        InMemoryEventStore earlier = new InMemoryEventStore();
        assertThat(service(earlier).restoreAsOf(T2.minusNanos(1), "Order", BulkRestoreOptions.DEFAULT)
                .successCount()).isEqualTo(2);
        assertThat(document(earlier, "Order", "o-1").active().currentStreamVersion()).isEqualTo(1);
        assertThat(earlier.readDocument("Order", "o-3")).isEmpty();
    }

    @Test
    void inPlaceWithOverwriteRestoresTheBackupJustBeforeAndLeavesLaterOnlyAggregatesAlone() {
        Map<String, Taken> atT2 = history(null);
        StoredDocument o4 = live.readDocument("Order", "o-4").orElseThrow();
        List<Event> o4Events = readAll(live, "Order", o4.document().active());

        BulkRestoreResult result = service(live).restoreAsOf(T2.plusSeconds(60), "Order",
                BulkRestoreOptions.builder().overwrite(true).build());

        assertThat(result.isFullySuccessful()).isTrue();
        assertThat(result.successfulRestores()).extracting(RestoreResult::objectId)
                .containsExactlyInAnyOrder("o-1", "o-2", "o-3");
        ObjectDocument o1 = document(live, "Order", "o-1");
        assertThat(o1.active().currentStreamVersion()).isEqualTo(3);
        assertThat(readAll(live, "Order", o1.active())).isEqualTo(atT2.get("Order/o-1").events());
        assertThat(live.readDocument("Order", "o-4")).contains(o4);
        assertThat(readAll(live, "Order", o4.document().active())).isEqualTo(o4Events);
        // The other object name was not asked for: i-1 keeps its 5 events.
        assertThat(document(live, "Invoice", "i-1").active().currentStreamVersion()).isEqualTo(4);
    }

    @Test
    void objectNameNarrowsTheSelection() {
        Map<String, Taken> atT2 = history(null);
        InMemoryEventStore empty = new InMemoryEventStore();

        BulkRestoreResult result = service(empty).restoreAsOf(T2, "Invoice", BulkRestoreOptions.DEFAULT);

        assertThat(result.successfulRestores()).extracting(RestoreResult::objectId).containsExactly("i-1");
        assertThat(taken(empty, "Invoice", "i-1")).isEqualTo(atT2.get("Invoice/i-1"));
        assertThat(empty.readDocument("Order", "o-1")).isEmpty();
        assertThat(service(empty).restoreAsOf(T3, "Shipment", BulkRestoreOptions.DEFAULT).totalProcessed())
                .isZero();
    }

    @Test
    void withoutOverwriteALiveAggregateFailsItsItemWithTheConflict() {
        history(null);
        ObjectDocument before = document(live, "Order", "o-1");

        BulkRestoreResult result = service(live).restoreAsOf(T2, "Order", BulkRestoreOptions.DEFAULT);

        assertThat(result.successCount()).isZero();
        assertThat(result.failureCount()).isEqualTo(3);
        assertThat(result.failedRestores()).allSatisfy(f ->
                assertThat(f.exception()).isInstanceOf(StreamAlreadyExistsException.class));
        assertThat(document(live, "Order", "o-1")).isEqualTo(before);
    }

    @Test
    void withoutContinueOnErrorTheFirstConflictStopsTheRunAsRestoreManyDoes() {
        history(null);

        assertThatThrownBy(() -> service(live).restoreAsOf(T3, null,
                BulkRestoreOptions.builder().continueOnError(false).maxConcurrency(1).build()))
                .isInstanceOfSatisfying(BulkRestoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BulkStop.FAILED);
                    assertThat(e.getCause()).isInstanceOf(StreamAlreadyExistsException.class);
                    assertThat(e.partialResult().totalProcessed()).isEqualTo(1);
                });
    }

    @Test
    void aTimeBeforeEveryBackupRestoresNothing() {
        history(null);
        InMemoryEventStore empty = new InMemoryEventStore();
        List<BulkRestoreProgress> progress = new ArrayList<>();

        BulkRestoreResult result = service(empty).restoreAsOf(T1.minusNanos(1), null,
                BulkRestoreOptions.builder().onProgress(progress::add).build());

        assertThat(result.totalProcessed()).isZero();
        assertThat(result.successCount()).isZero();
        assertThat(result.failureCount()).isZero();
        assertThat(progress).isEmpty();
        assertThat(empty.readDocument("Order", "o-1")).isEmpty();
    }

    @Test
    void aTimeInTheFutureRestoresEachNewestBackupAndProgressKnowsTheTotal() {
        history(null);
        Taken o1Now = taken(live, "Order", "o-1");
        InMemoryEventStore empty = new InMemoryEventStore();
        List<BulkRestoreProgress> progress = new ArrayList<>();

        BulkRestoreResult result = service(empty).restoreAsOf(Instant.MAX, null,
                BulkRestoreOptions.builder().onProgress(progress::add).build());

        assertThat(result.successCount()).isEqualTo(5);
        assertThat(taken(empty, "Order", "o-1")).isEqualTo(o1Now);
        assertThat(progress).hasSize(5).allSatisfy(p -> assertThat(p.totalBackups()).isEqualTo(5));
    }

    @Test
    void onEqualTimesTheGreaterBackupIdWinsWhicheverWasTakenFirst() {
        // 0xf0... is the greater id unsigned (and in its spelling), though UUID.compareTo calls it smaller.
        UUID low = UUID.fromString("10000000-0000-4000-8000-000000000000");
        UUID high = UUID.fromString("f0000000-0000-4000-8000-000000000000");
        for (List<UUID> order : List.of(List.of(low, high), List.of(high, low))) {
            InMemoryEventStore store = new InMemoryEventStore();
            InMemoryBlobStore blobs = new InMemoryBlobStore();
            BackupRestoreService s = BackupRestoreService.builder(store, new BlobBackupProvider(blobs))
                    .clock(Clock.fixed(T1, ZoneOffset.UTC)).ids(order.iterator()::next).build();
            create(store, "Order", "o-1", 1);
            s.backupStream("Order", "o-1");
            append(store, "Order", "o-1", 1);
            s.backupStream("Order", "o-1");

            BulkRestoreResult result = s.restoreAsOf(T1, null, BulkRestoreOptions.builder().overwrite(true).build());

            assertThat(result.successfulRestores()).extracting(RestoreResult::backupId).as("taken " + order)
                    .containsExactly(high);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        BackupRestoreService s = service(live);
        assertThatThrownBy(() -> s.restoreAsOf(null, null, BulkRestoreOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asOf");
        assertThatThrownBy(() -> s.restoreAsOf(T1, "a/b", BulkRestoreOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("objectName");
        assertThatThrownBy(() -> s.restoreAsOf(T1, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options");
    }

    // ------------------------------------------------------------------ helpers

    static void create(EventStore store, String name, String id, int events) {
        StreamInformation empty = StreamInformation.empty(id.replace("-", "") + "-0000000000", "blob");
        StreamInformation info = store.appendEvents(name, empty, StreamHeader.of(name, id), events(0, events));
        store.writeDocument(ObjectDocument.create(name, id, info), null);
    }

    static void append(EventStore store, String name, String id, int events) {
        StoredDocument stored = store.readDocument(name, id).orElseThrow();
        StreamInformation active = stored.document().active();
        StreamInformation info = store.appendEvents(name, active, StreamHeader.of(name, id),
                events(active.currentStreamVersion() + 1, events));
        store.writeDocument(stored.document().withActive(info), stored.etag());
    }

    private static java.util.Iterator<Event> events(int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(v -> Event.of("ItemAdded", v, "{\"n\":" + v + "}", "2026-01-01T00:00:00Z")).iterator();
    }

    static ObjectDocument document(EventStore store, String name, String id) {
        return store.readDocument(name, id).orElseThrow().document();
    }

    static List<Event> readAll(EventStore store, String name, StreamInformation stream) {
        List<Event> out = new ArrayList<>();
        try (EventCursor c = store.readEvents(name, stream, 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(out::add);
        }
        return out;
    }

    /** A clock the test sets by hand, to place each backup in time. */
    static final class HandClock extends Clock {
        private volatile Instant now;

        HandClock(Instant start) {
            now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
