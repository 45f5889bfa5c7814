package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.backup.BulkBackupResult;
import io.esbackup.backup.BulkRestoreOptions;
import io.esbackup.backup.BulkRestoreResult;
import io.esbackup.backup.CleanupReport;
import io.esbackup.backup.ValidationReport;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.ActionMetadata;
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.RestoreJournalEntry;
import io.esbackup.store.StoredDocument;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk, packed and incremental runs from a Table store, restored into another, and the clean-up of a restore
 * killed before its swap, whose journal entry is a row of the store's own table.
 */
@ExtendWith(Azurite.class)
class TableBulkTest {
    private static final String OBJECT = "order";
    private static final int AGGREGATES = 12;

    @TempDir
    Path dir;

    private static TableEventStore newStore() {
        return new TableEventStore(Azurite.tableClient(), TableLayout.defaults()
                .withPrefix(Azurite.uniqueTablePrefix("b")));
    }

    @Test
    void bulkPackedAndIncrementalRunsRestoreIntoAnotherTableStore() {
        TableEventStore source = newStore();
        Random random = new Random(15);
        for (int i = 0; i < AGGREGATES; i++) {
            write(source, "o-" + i, 1 + random.nextInt(40), i % 4 == 0, random);
        }
        BackupRestoreService service = new BackupRestoreService(source,
                new BlobBackupProvider(new LocalBlobStore(dir.resolve("backups"))));

        BulkBackupResult full = service.backupAll(OBJECT, BulkBackupOptions.DEFAULT);
        assertThat(full.successCount()).isEqualTo(AGGREGATES);
        BulkBackupResult packed = service.backupAll(OBJECT, BulkBackupOptions.builder().pack(true).build());
        assertThat(packed.successCount()).isEqualTo(AGGREGATES);

        // Two aggregates move on; an incremental run takes their new events as deltas.
        for (String id : List.of("o-1", "o-4")) {
            StoredDocument live = source.readDocument(OBJECT, id).orElseThrow();
            StreamInformation a = live.document().active();
            StreamInformation moved = source.appendEvents(OBJECT, a, StreamHeader.of(OBJECT, id),
                    events(a.currentStreamVersion() + 1, 3, random).iterator());
            source.writeDocument(live.document().withActive(moved), live.etag());
        }
        BulkBackupResult incremental = service.backupAll(OBJECT, BulkBackupOptions.builder().incremental(true)
                .build());
        assertThat(incremental.successCount()).isEqualTo(AGGREGATES);
        try (Stream<ValidationReport> reports = service.validateAll()) {
            assertThat(reports).allSatisfy(r -> assertThat(r.valid()).as(r.problems().toString()).isTrue())
                    .hasSize(3 * AGGREGATES);
        }

        TableEventStore target = newStore();
        BackupRestoreService into = new BackupRestoreService(target, service.provider());
        BulkRestoreResult restored = into.restoreAsOf(Instant.now().plusSeconds(60), OBJECT, BulkRestoreOptions.builder()
                .build());
        assertThat(restored.successCount()).as(restored.toString()).isEqualTo(AGGREGATES);
        for (int i = 0; i < AGGREGATES; i++) {
            ObjectDocument a = source.readDocument(OBJECT, "o-" + i).orElseThrow().document();
            ObjectDocument b = target.readDocument(OBJECT, "o-" + i).orElseThrow().document();
            assertThat(b.active().currentStreamVersion()).isEqualTo(a.active().currentStreamVersion());
            assertThat(b.active().streamChunks()).isEqualTo(a.active().streamChunks());
            assertThat(read(target, b)).as("o-" + i).isEqualTo(read(source, a));
        }
    }

    /** Longer than a page of the service's answers (1,000 rows) and than a transaction (100 rows). */
    @Test
    void aLongStreamIsReadAcrossPagesAndRestoredWhole() {
        TableEventStore source = newStore();
        write(source, "long", 2_500, false, new Random(7));
        BackupRestoreService service = new BackupRestoreService(source,
                new BlobBackupProvider(new LocalBlobStore(dir.resolve("backups"))));
        var handle = service.backupStream(OBJECT, "long");
        assertThat(handle.manifest().eventCount()).isEqualTo(2_500);

        TableEventStore target = newStore();
        new BackupRestoreService(target, service.provider()).restoreStream(handle);
        ObjectDocument a = source.readDocument(OBJECT, "long").orElseThrow().document();
        ObjectDocument b = target.readDocument(OBJECT, "long").orElseThrow().document();
        assertThat(read(target, b)).isEqualTo(read(source, a)).hasSize(2_500);
    }

    @Test
    void aRestoreKilledBeforeItsSwapIsSweptByTheCleanUp() {
        TableEventStore store = newStore();
        write(store, "live", 3, false, new Random(1));
        // What a killed run leaves: its journal row and a stream no document points to.
        UUID run = UUID.randomUUID();
        store.record(RestoreJournalEntry.started(run, OBJECT, "live", "orphan-0000000001", Instant.now()));
        store.appendEvents(OBJECT, StreamInformation.empty("orphan-0000000001", "table"),
                StreamHeader.of(OBJECT, "live"), events(0, 5, new Random(2)).iterator());
        assertThat(store.streamExists(OBJECT, "orphan-0000000001")).isTrue();

        BackupRestoreService later = BackupRestoreService.builder(store,
                        new BlobBackupProvider(new LocalBlobStore(dir.resolve("backups"))))
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(2))).build();
        CleanupReport report = later.cleanupExpiredBackups();

        assertThat(report.abandonedRestores()).hasSize(1);
        assertThat(store.streamExists(OBJECT, "orphan-0000000001")).isFalse();
        assertThat(store.listRestores()).isEmpty();
        ObjectDocument live = store.readDocument(OBJECT, "live").orElseThrow().document();
        assertThat(read(store, live)).hasSize(3);
    }

    private static void write(TableEventStore store, String id, int count, boolean chunked, Random random) {
        String sid = id.replace("-", "") + "-0000000000";
        StreamInformation empty = chunked
                ? new StreamInformation(sid, "table", -1, ChunkSettings.of(5), List.of(), List.of(), Map.of())
                : StreamInformation.empty(sid, "table");
        StreamInformation s = store.appendEvents(OBJECT, empty, StreamHeader.of(OBJECT, id),
                events(0, count, random).iterator());
        store.writeDocument(ObjectDocument.create(OBJECT, id, s), null);
    }

    /** Order events with varied amounts, text and ids, and times of their own. */
    private static List<Event> events(int from, int count, Random random) {
        String[] names = {"Zoë", "山田", "O'Brien", "Müller & Söhne", "🎉 party"};
        return IntStream.range(from, from + count).mapToObj(v -> new Event(v == 0 ? "Order.Created" : "Order.LineAdded",
                v, 1 + random.nextInt(2), null,
                new ActionMetadata("corr-" + random.nextInt(1000), null, null, null, Map.of()),
                Map.of("tenant", "t-" + random.nextInt(5)),
                "{\"line\":" + v + ",\"customer\":\"" + names[random.nextInt(names.length)] + "\",\"amount\":"
                        + random.nextInt(100000) + "." + (10 + random.nextInt(90)) + ",\"ref\":"
                        + "123456789012345678901234567" + random.nextInt(1000) + "}",
                Instant.parse("2026-11-01T00:00:00Z").plusSeconds(v * 61L + random.nextInt(60)).toString(), Map.of()))
                .toList();
    }

    private static List<Event> read(TableEventStore store, ObjectDocument doc) {
        List<Event> events = new ArrayList<>();
        try (EventCursor c = store.readEvents(doc.objectName(), doc.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(events::add);
        }
        return events;
    }
}
