package io.esbackup.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.blob.Blob;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A backup reads a short stream's events document once (the header pass keeps it for the events) and a long
 * one twice, and both back up and restore whole.
 */
class ShortStreamReadOnceTest {

    /** Counts the reads of each key. */
    private static final class CountingReads extends ForwardingBlobStore {
        final Map<String, Integer> reads = new ConcurrentHashMap<>();

        CountingReads() {
            super(new InMemoryBlobStore());
        }

        @Override
        public Optional<Blob> read(String key) {
            reads.merge(key, 1, Integer::sum);
            return super.read(key);
        }
    }

    @Test
    void aShortStreamIsReadOnceALongOneTwice() {
        CountingReads blobs = new CountingReads();
        BlobEventStore store = new BlobEventStore(blobs);
        write(store, "short", 20);
        write(store, "long", 1_500); // about 400 KB: more than the cursor keeps
        BackupRestoreService service = BackupRestoreService.builder(store,
                new BlobBackupProvider(new InMemoryBlobStore())).build();

        for (String id : List.of("short", "long")) {
            blobs.reads.clear();
            BackupHandle h = service.backupStream("order", id);
            String events = eventsKey(blobs, id);
            assertThat(blobs.reads.get(events)).as("reads of %s's events document", id)
                    .isEqualTo(id.equals("short") ? 1 : 2);

            service.restoreToNewStream(h, id + "-copy");
            assertThat(events(store, id + "-copy")).isEqualTo(events(store, id));
        }
    }

    private static String eventsKey(CountingReads blobs, String id) {
        return blobs.reads.keySet().stream().filter(k -> k.contains(id) && !k.contains("object-document"))
                .findFirst().orElseThrow(() -> new AssertionError("no events document of " + id + " was read: "
                        + blobs.reads.keySet()));
    }

    private static void write(BlobEventStore store, String id, int count) {
        Iterator<Event> events = IntStream.range(0, count).mapToObj(v -> Event.of("OrderLineAdded", v,
                "{\"sku\":\"SKU-" + v + "\",\"name\":\"" + "x".repeat(200) + "\",\"qty\":" + (v % 7) + "}",
                "2026-11-27T10:00:00Z")).iterator();
        StreamInformation info = store.appendEvents("order", StreamInformation.empty(id + "-0000000000", "blob"),
                StreamHeader.of("order", id), events);
        store.writeDocument(ObjectDocument.create("order", id, info), null);
    }

    private static List<String> events(BlobEventStore store, String id) {
        ObjectDocument doc = store.readDocument("order", id).orElseThrow().document();
        List<String> out = new ArrayList<>();
        try (EventCursor c = store.readEvents("order", doc.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(e -> out.add(e.eventType() + "/" + e.eventVersion() + "/" + e.payload().text()));
        }
        return out;
    }
}
