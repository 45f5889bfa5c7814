package io.esbackup.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupProgress;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.ValidationReport;
import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A backup reads a stream's events document once, short or long, when its header stands before its events;
 * one with header members after its events too is backed up whole all the same (its header then gets a pass of
 * its own), and every one restores whole.
 */
class StreamReadOnceTest {

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

    private final CountingReads blobs = new CountingReads();
    private final BlobEventStore store = new BlobEventStore(blobs);
    private final InMemoryBlobStore backups = new InMemoryBlobStore();
    private final BackupRestoreService service = BackupRestoreService.builder(store,
            new BlobBackupProvider(backups)).build();

    @Test
    void aStreamWhoseHeaderComesFirstIsReadOnceShortOrLong() {
        write("short", 20);
        write("long", 1_500); // about 400 KB: more than the header pass keeps
        for (String id : List.of("short", "long")) {
            blobs.reads.clear();
            BackupHandle h = service.backupStream("order", id);
            assertThat(blobs.reads.get(eventsKey(id))).as("reads of %s's events document", id).isEqualTo(1);

            service.restoreToNewStream(h, id + "-copy");
            assertThat(events(id + "-copy")).isEqualTo(events(id));
        }
    }

    @Test
    void aLongStreamWithHeaderMembersAfterItsEventsIsBackedUpWhole() throws Exception {
        write("both", 1_500);
        String key = eventsKey("both");
        String doc = text(key);
        assertThat(doc).endsWith("]}");
        blobs.write(key, WriteCondition.overwrite(), (doc.substring(0, doc.length() - 1)
                + ",\"after\":{\"x\":[1,2.50]}}").getBytes(StandardCharsets.UTF_8));

        blobs.reads.clear();
        BackupHandle h = service.backupStream("order", "both");
        assertThat(blobs.reads.get(key)).as("reads: the single read that found the member, then two").isEqualTo(3);
        ValidationReport report = service.validateBackup(h);
        assertThat(report.valid()).as(report.toString()).isTrue();
        assertThat(report.eventsRead()).isEqualTo(1_500);
        try (Stream<BlobInfo> all = backups.list("")) {
            assertThat(all.map(BlobInfo::key).collect(Collectors.toList()))
                    .as("one backup: its id pointer, archive and manifest; nothing of the first try")
                    .hasSize(3).allMatch(k -> k.contains(h.backupId().toString()));
        }

        service.restoreToNewStream(h, "both-copy");
        assertThat(events("both-copy")).isEqualTo(events("both"));
        String copy = text(eventsKey("both-copy"));
        assertThat(Json.readTree(copy.getBytes(StandardCharsets.UTF_8)).get("after").toString())
                .isEqualTo("{\"x\":[1,2.50]}");
    }

    @Test
    void progressOfABackupWrittenAgainNeverGoesBackwards() {
        write("both", 1_500);
        String key = eventsKey("both");
        String doc = text(key);
        blobs.write(key, WriteCondition.overwrite(),
                (doc.substring(0, doc.length() - 1) + ",\"after\":1}").getBytes(StandardCharsets.UTF_8));

        List<BackupProgress> seen = new ArrayList<>();
        BackupHandle h = service.backupStream("order", "both", BackupOptions.DEFAULT, seen::add);
        assertThat(h.eventCount()).isEqualTo(1_500);
        assertThat(seen).extracting(BackupProgress::eventsBackedUp).as("events reported, in order")
                .isSorted().contains(1_000L).endsWith(1_500L);
    }

    /**
     * Events appended after the document's version are not backed up, and not checked: a damaged one (no type)
     * behind the first of them fails nothing, as when the header had a pass of its own.
     */
    @Test
    void aDamagedEventPastTheCutDoesNotFailTheBackup() {
        write("cut", 1_500);
        String key = eventsKey("cut");
        String doc = text(key);
        blobs.write(key, WriteCondition.overwrite(), (doc.substring(0, doc.length() - 2)
                + ",{\"type\":\"OrderLineAdded\",\"version\":1500,\"payload\":{}}"
                + ",{\"version\":1501,\"payload\":{}}]}").getBytes(StandardCharsets.UTF_8));

        blobs.reads.clear();
        BackupHandle h = service.backupStream("order", "cut"); // the object document still says version 1499
        assertThat(h.eventCount()).isEqualTo(1_500);
        assertThat(blobs.reads.get(key)).isEqualTo(1);
    }

    /** A member named events that is not the array is left out of the header, as the header pass leaves it out. */
    @Test
    void anEventsMemberThatIsNotTheArrayIsNotBackedUp() {
        write("ev", 1_500);
        String key = eventsKey("ev");
        String doc = text(key);
        String prefix = "{\"objectId\":\"ev\",\"objectName\":\"order\",";
        assertThat(doc).startsWith(prefix);
        blobs.write(key, WriteCondition.overwrite(), (prefix + "\"events\":null," + doc.substring(prefix.length()))
                .getBytes(StandardCharsets.UTF_8));

        BackupHandle h = service.backupStream("order", "ev");
        service.restoreToNewStream(h, "ev-copy");
        assertThat(text(eventsKey("ev-copy"))).as("restored document").doesNotContain("\"events\":null");
        assertThat(events("ev-copy")).isEqualTo(events("ev"));
    }

    private String text(String key) {
        return new String(blobs.readAllBytes(key).orElseThrow(), StandardCharsets.UTF_8);
    }

    private String eventsKey(String id) {
        ObjectDocument doc = store.readDocument("order", id).orElseThrow().document();
        return "order/" + doc.active().streamIdentifier() + ".json";
    }

    private void write(String id, int count) {
        Iterator<Event> events = IntStream.range(0, count).mapToObj(v -> Event.of("OrderLineAdded", v,
                "{\"sku\":\"SKU-" + v + "\",\"name\":\"" + "x".repeat(200) + "\",\"qty\":" + (v % 7) + "}",
                "2026-11-27T10:00:00Z")).iterator();
        StreamInformation info = store.appendEvents("order", StreamInformation.empty(id + "-0000000000", "blob"),
                StreamHeader.of("order", id), events);
        store.writeDocument(ObjectDocument.create("order", id, info), null);
    }

    private List<String> events(String id) {
        ObjectDocument doc = store.readDocument("order", id).orElseThrow().document();
        List<String> out = new ArrayList<>();
        try (EventCursor c = store.readEvents("order", doc.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(e -> out.add(e.eventType() + "/" + e.eventVersion() + "/" + e.payload().text()));
        }
        return out;
    }
}
