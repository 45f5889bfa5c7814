package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.backup.RestoreResult;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamChunk;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A restore to a point into the Table layout: chunk rows, the reference hash, appends after it, toTime. */
@ExtendWith(Azurite.class)
class TablePointRestoreTest {
    private static final String OBJECT = "Order";
    private static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");

    private static List<Event> read(TableEventStore store, StreamInformation stream) {
        List<Event> events = new ArrayList<>();
        try (EventCursor c = store.readEvents(OBJECT, stream, 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(events::add);
        }
        return events;
    }

    @Test
    void aChunkedTableStreamRestoredToAVersionListsItsChunksAndTakesAppendsFromThePoint(@TempDir Path dir) {
        TableLayout layout = TableLayout.defaults().withPrefix(Azurite.uniqueTablePrefix("p"));
        TableEventStore store = new TableEventStore(Azurite.tableClient(), layout);
        StreamInformation empty = new StreamInformation("s-0000000000", "table", -1, ChunkSettings.of(4), List.of(),
                List.of(), java.util.Map.of());
        StreamInformation s = store.appendEvents(OBJECT, empty, StreamHeader.of(OBJECT, "o-1"),
                IntStream.range(0, 14).mapToObj(v -> Event.of("Happened", v, "{\"n\":" + v + "}",
                        T0.plusSeconds(60L * v).toString())).iterator());
        store.writeDocument(ObjectDocument.create(OBJECT, "o-1", s), null);
        List<Event> before = read(store, s);
        BackupRestoreService service = new BackupRestoreService(store, new BlobBackupProvider(new LocalBlobStore(dir)));
        BackupHandle backup = service.backupStream(OBJECT, "o-1", BackupOptions.FULL);

        RestoreResult r = service.restoreStream(backup, RestoreOptions.builder().overwrite(true).toVersion(5).build());

        assertThat(r.streamVersion()).isEqualTo(5);
        TableEventStore fresh = new TableEventStore(Azurite.tableClient(), layout);
        ObjectDocument live = fresh.readDocument(OBJECT, "o-1").orElseThrow().document();
        assertThat(live.active().currentStreamVersion()).isEqualTo(5);
        assertThat(live.active().streamChunks()).extracting(StreamChunk::first, StreamChunk::last)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 3), org.assertj.core.groups.Tuple.tuple(4, 5));
        assertThat(live.hash()).as("the reference's hash of the restored state")
                .isEqualTo(TableDocumentRows.referenceHash(live.active()));
        List<Event> restored = read(fresh, live.active());
        assertThat(restored).extracting(Event::eventVersion, Event::payload).containsExactlyElementsOf(
                before.subList(0, 6).stream().map(e -> org.assertj.core.groups.Tuple.tuple(e.eventVersion(),
                        e.payload())).toList());

        StreamInformation grown = fresh.appendEvents(OBJECT, live.active(), StreamHeader.of(OBJECT, "o-1"),
                IntStream.range(6, 9).mapToObj(v -> Event.of("Happened", v, "{\"m\":" + v + "}", null)).iterator());
        assertThat(grown.streamChunks()).extracting(StreamChunk::last).containsExactly(3, 7, 8);
        assertThat(read(fresh, grown)).hasSize(9);

        // toTime compares the events' own timestamps, kept in the rows: event 9's time keeps 0..9.
        RestoreResult byTime = service.restoreToNewStream(backup, "o-2",
                RestoreOptions.builder().toTime(T0.plusSeconds(60L * 9 + 59)).build());
        assertThat(byTime.streamVersion()).isEqualTo(9);
        assertThat(read(fresh, fresh.readDocument(OBJECT, "o-2").orElseThrow().document().active()))
                .extracting(Event::eventVersion).containsExactlyElementsOf(IntStream.rangeClosed(0, 9).boxed().toList());
    }
}
