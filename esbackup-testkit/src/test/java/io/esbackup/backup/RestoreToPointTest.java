package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.esbackup.archive.Compression;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamChunk;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventStore;
import io.esbackup.store.ForwardingEventStore;
import io.esbackup.store.RawEventAppender;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code RestoreOptions.toVersion} and {@code toTime}: only the events up to the point, on every kind of backup. */
class RestoreToPointTest {
    private static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");

    /** The two ways a restore writes events: as stored bytes, or built and written again. */
    enum Path { RAW, EVENTS }

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final InMemoryBlobStore storeBlobs = new InMemoryBlobStore(clock);
    final BlobEventStore memory = new BlobEventStore(storeBlobs);
    final InMemoryBlobStore backups = new InMemoryBlobStore(clock);

    EventStore store(Path path) {
        if (path == Path.RAW) {
            return memory;
        }
        return new ForwardingEventStore(memory) {
            @Override
            public <T> Optional<T> capability(Class<T> type) {
                return type == RawEventAppender.class ? Optional.empty() : super.capability(type);
            }
        };
    }

    BackupRestoreService service(EventStore store) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(backups)).clock(clock).build();
    }

    static RestoreOptions toVersion(int v) {
        return RestoreOptions.builder().overwrite(true).toVersion(v).build();
    }

    static RestoreOptions toTime(Instant t) {
        return RestoreOptions.builder().overwrite(true).toTime(t).build();
    }

    /** Every blob of the store with its ETag: equal maps mean nothing was written or deleted. */
    static Map<String, String> state(BlobStore blobs) {
        Map<String, String> all = new TreeMap<>();
        try (Stream<BlobInfo> listed = blobs.list("")) {
            listed.forEach(b -> all.put(b.key(), b.etag()));
        }
        return all;
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aFullBackupRestoresToAVersionWithoutTheSnapshotsPastIt(Path path) {
        EventStore store = store(path);
        ObjectDocument original = Streams.create(store, "Order", "o-1", 20, null, 3, 8, 15);
        BackupRestoreService service = service(store);
        BackupHandle backup = service.backupStream("Order", "o-1", BackupOptions.FULL);
        List<Event> all = Streams.readAll(store, "Order", original.active());

        RestoreResult r = service.restoreStream(backup, toVersion(9));

        ObjectDocument live = Streams.document(store, "Order", "o-1");
        assertThat(live.active().currentStreamVersion()).isEqualTo(9);
        assertThat(Streams.readAll(store, "Order", live.active())).isEqualTo(all.subList(0, 10));
        assertThat(live.active().snapShots()).extracting(SnapshotRef::untilVersion).containsExactly(3, 8);
        assertThat(r.streamVersion()).isEqualTo(9);
        assertThat(r.eventsRestored()).isEqualTo(10);
        assertThat(r.snapshotsRestored()).isEqualTo(2);
        assertThat(r.replacedStreamIdentifier()).isEqualTo(original.active().streamIdentifier());
        try (Stream<BlobInfo> snapshots = storeBlobs.list("order/snapshot/" + live.active().streamIdentifier())) {
            assertThat(snapshots.map(BlobInfo::key)).as("no snapshot past the point is written")
                    .hasSize(2).noneMatch(k -> k.contains("15"));
        }
        assertThat(StoredStreams.onDisk(storeBlobs, "order")).containsExactlyInAnyOrder(
                original.active().streamIdentifier(), live.active().streamIdentifier());
    }

    @Test
    void aChunkedStreamKeepsOnlyTheChunksUpToThePointAndGrowsFromThere() {
        ObjectDocument original = Streams.create(memory, "Order", "o-1", 14, 4, 3, 8);
        BackupRestoreService service = service(memory);
        BackupHandle backup = service.backupStream("Order", "o-1", BackupOptions.FULL);
        List<Event> all = Streams.readAll(memory, "Order", original.active());
        assertThat(original.active().streamChunks()).hasSize(4);

        service.restoreStream(backup, toVersion(5));

        ObjectDocument live = Streams.document(memory, "Order", "o-1");
        StreamInformation active = live.active();
        assertThat(active.streamChunks()).extracting(StreamChunk::id, StreamChunk::first, StreamChunk::last)
                .containsExactly(tuple(0, 0, 3), tuple(1, 4, 5));
        assertThat(active.snapShots()).extracting(SnapshotRef::untilVersion).containsExactly(3);
        assertThat(Streams.readAll(memory, "Order", active)).isEqualTo(all.subList(0, 6));
        try (Stream<BlobInfo> files = storeBlobs.list("order/" + active.streamIdentifier())) {
            assertThat(files.map(BlobInfo::key)).as("chunks past the point are never written").hasSize(2);
        }

        // The restored stream takes appends from the point on and backs up again.
        StreamInformation grown = memory.appendEvents("Order", active, StreamHeader.of("Order", "o-1"),
                Streams.events(6, 5));
        memory.writeDocument(live.withActive(grown), memory.readDocument("Order", "o-1").orElseThrow().etag());
        assertThat(grown.streamChunks()).extracting(StreamChunk::last).containsExactly(3, 7, 10);
        clock.advance(Duration.ofMinutes(1));
        BackupHandle again = service.backupStream("Order", "o-1", BackupOptions.FULL);
        assertThat(again.manifest().streamVersion()).isEqualTo(10);
        service.restoreToNewStream(again, "o-2");
        ObjectDocument clone = Streams.document(memory, "Order", "o-2");
        assertThat(Streams.readAll(memory, "Order", clone.active()))
                .extracting(Event::eventVersion).containsExactlyElementsOf(IntStream.range(0, 11).boxed().toList());
        assertThat(Streams.readAll(memory, "Order", clone.active()).subList(0, 6)).isEqualTo(all.subList(0, 6));
    }

    @Test
    void anIncrementalChainRestoresToAVersionInsideAnyOfItsLinks() {
        Streams.create(memory, "Order", "o-1", 40, null);
        BackupRestoreService service = service(memory);
        BackupOptions incremental = BackupOptions.builder().incremental(true).build();
        service.backupStream("Order", "o-1", incremental);
        append("o-1", 3);
        clock.advance(Duration.ofMinutes(1));
        BackupHandle d1 = service.backupStream("Order", "o-1", incremental);
        append("o-1", 5);
        clock.advance(Duration.ofMinutes(1));
        BackupHandle d2 = service.backupStream("Order", "o-1", incremental);
        assertThat(d2.manifest().isDelta()).isTrue();
        assertThat(d1.manifest().baseVersion()).isEqualTo(40);
        List<Event> all = Streams.readAll(memory, "Order", Streams.document(memory, "Order", "o-1").active());

        for (int point : new int[] {20, 41, 45, 47}) {
            RestoreResult r = service.restoreStream(d2, toVersion(point));
            ObjectDocument live = Streams.document(memory, "Order", "o-1");
            assertThat(r.streamVersion()).isEqualTo(point);
            assertThat(Streams.readAll(memory, "Order", live.active())).as("to %d", point)
                    .isEqualTo(all.subList(0, point + 1));
        }
        assertThatThrownBy(() -> service.restoreStream(d1, toVersion(43)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toVersion 43")
                .hasMessageContaining("version 42");
    }

    @Test
    void aPackedBackupAndACloneRestoreToAVersion() {
        Streams.create(memory, "Order", "o-1", 12, null, 2, 9);
        BackupRestoreService service = service(memory);
        BackupHandle packed = service.backupMany(List.of("o-1"), "Order",
                BulkBackupOptions.builder().pack(true).includeSnapshots(true).build()).successfulBackups().get(0);
        assertThat(packed.backupId().version()).as("a packed id").isEqualTo(8);
        List<Event> all = Streams.readAll(memory, "Order", Streams.document(memory, "Order", "o-1").active());

        RestoreResult r = service.restoreToNewStream(packed, "o-2", RestoreOptions.builder().toVersion(4).build());

        ObjectDocument clone = Streams.document(memory, "Order", "o-2");
        assertThat(r.objectId()).isEqualTo("o-2");
        assertThat(clone.active().currentStreamVersion()).isEqualTo(4);
        assertThat(clone.active().snapShots()).extracting(SnapshotRef::untilVersion).containsExactly(2);
        assertThat(Streams.readAll(memory, "Order", clone.active()))
                .extracting(Event::eventVersion, Event::payload)
                .containsExactlyElementsOf(all.subList(0, 5).stream()
                        .map(e -> tuple(e.eventVersion(), e.payload())).toList());
        assertThat(Streams.document(memory, "Order", "o-1").active().currentStreamVersion())
                .as("the source is untouched").isEqualTo(11);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void toTimeTakesTheEventsAtOrBeforeItToTheMillisecond(Path path) {
        EventStore store = store(path);
        createStamped(store, "o-1", 10, v -> at(v));
        BackupRestoreService service = service(store);
        BackupHandle backup = service.backupStream("Order", "o-1", BackupOptions.DEFAULT);

        // Version 5's timestamp is written with an offset ("...T10:05:00+01:00"), version 4's with seven digits.
        service.restoreStream(backup, toTime(at(5)));
        assertThat(activeVersion(store)).as("an event stamped exactly at the point is in").isEqualTo(5);
        service.restoreStream(backup, toTime(at(5).minusMillis(1)));
        assertThat(activeVersion(store)).as("one millisecond before it, it is out").isEqualTo(4);
        service.restoreStream(backup, toTime(at(0)));
        assertThat(activeVersion(store)).isZero();
        service.restoreStream(backup, toTime(at(9).plus(Duration.ofDays(365))));
        assertThat(activeVersion(store)).as("a time past the last event restores it all").isEqualTo(9);
    }

    @Test
    void toTimeEndsAtTheFirstLaterEventEvenIfAnEarlierStampFollows() {
        // Version 6 was stamped after version 7 (a clock set back): the stream up to T is versions 0..5.
        createStamped(memory, "o-1", 10, v -> v == 6 ? at(20) : at(v));
        BackupRestoreService service = service(memory);
        BackupHandle backup = service.backupStream("Order", "o-1", BackupOptions.DEFAULT);

        RestoreResult r = service.restoreStream(backup, toTime(at(8)));

        assertThat(r.streamVersion()).isEqualTo(5);
        assertThat(activeVersion(memory)).isEqualTo(5);
    }

    @Test
    void pointsOutsideTheBackupAndContradictoryOptionsAreRefusedWritingNothing() {
        ObjectDocument original = createStamped(memory, "o-1", 10, v -> at(v));
        BackupRestoreService service = service(memory);
        BackupHandle backup = service.backupStream("Order", "o-1", BackupOptions.DEFAULT);
        Map<String, String> before = state(storeBlobs);

        assertThatThrownBy(() -> service.restoreStream(backup, toVersion(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toVersion 10 is past the end").hasMessageContaining("version 9");
        assertThatThrownBy(() -> service.restoreToNewStream(backup, "o-2", toVersion(99)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toVersion 99");
        assertThatThrownBy(() -> service.restoreStream(backup, toTime(at(0).minusMillis(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toTime 2024-03-01T08:59:59.999Z is before the first event")
                .hasMessageContaining("version 0");
        assertThatThrownBy(() -> service.restoreToNewStream(backup, "o-2", toTime(at(0).minusSeconds(60))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toTime");
        assertThat(state(storeBlobs)).as("nothing written, journal included").isEqualTo(before);
        assertThat(Streams.document(memory, "Order", "o-1")).isEqualTo(original);

        assertThatThrownBy(() -> RestoreOptions.builder().toVersion(3).toTime(at(3)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toVersion").hasMessageContaining("toTime");
        assertThatThrownBy(() -> RestoreOptions.builder().toVersion(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toVersion must be >= 0");
        assertThatThrownBy(() -> BulkRestoreOptions.builder().toVersion(1).toTime(at(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exclusive");
    }

    @Test
    void anEventWithoutAReadableTimestampFailsToTimeNamingItsVersionAndLeavesNothing() {
        createStamped(memory, "o-1", 4, v -> at(v));
        appendTo("o-1", List.of(Event.of("OrderLine", 4, "{}", null), Event.of("OrderLine", 5, "{}", "yesterday")));
        BackupRestoreService service = service(memory);
        BackupHandle backup = service.backupStream("Order", "o-1", BackupOptions.DEFAULT);
        Map<String, String> before = state(storeBlobs);

        assertThatThrownBy(() -> service.restoreStream(backup, toTime(at(30))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event version 4 has no timestamp");
        assertThat(state(storeBlobs)).as("the streams written are discarded").isEqualTo(before);
        // Even a point before it needs its timestamp: whether the stream ends at version 3 depends on it.
        assertThatThrownBy(() -> service.restoreStream(backup, toTime(at(3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event version 4 has no timestamp");
        assertThat(state(storeBlobs)).isEqualTo(before);
        // toVersion needs no timestamps.
        assertThat(service.restoreStream(backup, toVersion(5)).streamVersion()).isEqualTo(5);
        Map<String, String> later = state(storeBlobs);
        assertThatThrownBy(() -> service.restoreToNewStream(backup, "o-3",
                RestoreOptions.builder().toTime(at(30)).restoreObjectDocument(false).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event version 4 has no timestamp");
        assertThat(state(storeBlobs)).isEqualTo(later);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aCorruptTailStillFailsARestoreToAnEarlyPoint(Compression compression) {
        Streams.create(memory, "Order", "o-1", 200, null, 10, 150);
        BackupRestoreService service = service(memory);
        BackupHandle backup = service.backupStream("Order", "o-1",
                BackupOptions.FULL.toBuilder().compression(compression).build());
        String key = "backups/Order/o-1/" + backup.backupId() + ".json";
        byte[] bytes = backups.readAllBytes(key).orElseThrow();
        bytes[bytes.length - 40] ^= 0x01;
        backups.write(key, WriteCondition.overwrite(), bytes);
        Map<String, String> before = state(storeBlobs);

        assertThatThrownBy(() -> service.restoreStream(backup, toVersion(2)))
                .isInstanceOf(BackupCorruptedException.class);
        assertThatThrownBy(() -> service.restoreToNewStream(backup, "o-2", toVersion(0)))
                .isInstanceOf(BackupCorruptedException.class);
        assertThat(state(storeBlobs)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void aBulkRestoreTakesThePointToEveryAggregate(int concurrency) {
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> "o-" + i).toList();
        ids.forEach(id -> Streams.create(memory, "Order", id, 8, null));
        BackupRestoreService service = service(memory);
        List<BackupHandle> made = service.backupMany(ids, "Order", BulkBackupOptions.DEFAULT).successfulBackups();

        BulkRestoreResult result = service.restoreMany(made, BulkRestoreOptions.builder().overwrite(true)
                .toVersion(2).maxConcurrency(concurrency).build());

        assertThat(result.successCount()).isEqualTo(5);
        ids.forEach(id -> assertThat(Streams.document(memory, "Order", id).active().currentStreamVersion())
                .as(id).isEqualTo(2));
    }

    // --- helpers

    private static Instant at(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    /** An event whose timestamp is written in one of three ISO-8601 forms, by version. */
    private static Event stamped(int v, Instant time) {
        String text = switch (v % 3) {
            case 0 -> time.toString();
            case 1 -> time.toString().replace("Z", ".0000000Z");
            default -> time.atOffset(ZoneOffset.ofHours(1)).toString();
        };
        return Event.of("OrderLine", v, "{\"qty\":" + v + "}", text);
    }

    private ObjectDocument createStamped(EventStore store, String id, int count,
                                         IntFunction<Instant> time) {
        StreamInformation info = store.appendEvents("Order", StreamInformation.empty(id + "-0000000000", "blob"),
                StreamHeader.of("Order", id),
                IntStream.range(0, count).mapToObj(v -> stamped(v, time.apply(v))).iterator());
        ObjectDocument doc = ObjectDocument.create("Order", id, info);
        store.writeDocument(doc, null);
        return doc;
    }

    private void appendTo(String id, List<Event> events) {
        ObjectDocument doc = Streams.document(memory, "Order", id);
        StreamInformation s = memory.appendEvents("Order", doc.active(), StreamHeader.of("Order", id),
                events.iterator());
        memory.writeDocument(doc.withActive(s), memory.readDocument("Order", id).orElseThrow().etag());
    }

    private void append(String id, int count) {
        int from = Streams.document(memory, "Order", id).active().currentStreamVersion() + 1;
        appendTo(id, IntStream.range(from, from + count).mapToObj(Streams::event).toList());
    }

    private static int activeVersion(EventStore store) {
        return Streams.document(store, "Order", "o-1").active().currentStreamVersion();
    }
}
