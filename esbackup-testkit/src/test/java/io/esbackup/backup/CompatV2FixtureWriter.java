package io.esbackup.backup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.json.Json;
import io.esbackup.store.InMemoryEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes the format-version-2 compatibility fixtures that {@link CompatV2Test} reads, once: under
 * {@code compat/v2/backups}, twelve aggregates backed up by a packed incremental run (packs of at most five),
 * three of them appended to and backed up again by a second packed incremental run (deltas in a pack whose
 * parents are packed), one appended to again and backed up on its own (a delta of its own with a packed
 * parent), and one packed backup deleted (a tombstone); {@code compat/v2/expected.json} says what each live
 * backup is and what restoring it must give. Clock and ids are fixed.
 *
 * <p>These files are forever (STYLE habit 8): every later esbackup must read them. The writer refuses a folder
 * that is not empty. Run it as {@link CompatFixtureWriter} says, with {@code CompatV2FixtureWriter} and
 * {@code compat/v2}.
 */
public final class CompatV2FixtureWriter {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalStateException(out + " is not empty; fixtures are written once");
                }
            }
        }
        InMemoryEventStore store = new InMemoryEventStore();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CompatV2.AGGREGATES; i++) {
            Streams.create(store, CompatV2.OBJECT_NAME, CompatV2.objectId(i), 6 + i * 3, i % 4 == 3 ? 5 : null,
                    i % 3 == 0 ? new int[] {2} : new int[0]);
            ids.add(CompatV2.objectId(i));
        }
        Random random = new Random(2026_12_01L);
        MutableClock clock = new MutableClock(CompatV2.FIRST_RUN);
        BackupRestoreService service = BackupRestoreService.builder(store,
                        new BlobBackupProvider(new LocalBlobStore(out.resolve("backups"))))
                .clock(clock)
                .ids(() -> new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                        (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L))
                .build();
        BulkBackupOptions packed = BulkBackupOptions.builder().maxConcurrency(1).pack(true).incremental(true)
                .includeSnapshots(true).packLimits(new PackLimits(64L * 1024 * 1024, 5)).tag("fixture", "v2").build();

        List<BackupHandle> first = service.backupMany(ids, CompatV2.OBJECT_NAME, packed).successfulBackups();
        clock.advance(Duration.ofHours(1));
        for (int i : new int[] {1, 2, 5}) {
            append(store, CompatV2.objectId(i), 4);
        }
        service.backupMany(ids, CompatV2.OBJECT_NAME, packed);
        clock.advance(Duration.ofHours(1));
        append(store, CompatV2.objectId(5), 3);
        service.backupStream(CompatV2.OBJECT_NAME, CompatV2.objectId(5), BackupOptions.builder().incremental(true)
                .includeSnapshots(true).tag("fixture", "v2").build());
        UUID deleted = first.get(7).backupId();
        service.deleteBackup(deleted);

        ObjectNode expected = Json.objectNode();
        expected.put("deleted", deleted.toString());
        ArrayNode backups = expected.putArray("backups");
        for (BackupHandle h : service.listBackups()) {
            InMemoryEventStore target = new InMemoryEventStore();
            BackupRestoreService.builder(target, service.provider()).build().restoreStream(h);
            ObjectDocument restored = Streams.document(target, h.objectName(), h.objectId());
            backups.addObject().put("backupId", h.backupId().toString()).put("objectId", h.objectId())
                    .put("streamVersion", h.streamVersion()).put("eventCount", h.eventCount())
                    .put("location", h.location()).put("parentBackupId", h.manifest().parentBackupId())
                    .put("eventsSha256", CompatV2.eventsSha256(target, restored))
                    .put("snapshots", restored.active().snapShots().size());
        }
        Files.writeString(out.resolve("expected.json"), Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(expected) + "\n");
        System.out.println("wrote " + backups.size() + " backups to " + out);
    }

    private static void append(InMemoryEventStore store, String id, int count) {
        ObjectDocument doc = Streams.document(store, CompatV2.OBJECT_NAME, id);
        StreamInformation s = store.appendEvents(CompatV2.OBJECT_NAME, doc.active(),
                StreamHeader.of(CompatV2.OBJECT_NAME, id), Streams.events(doc.active().currentStreamVersion() + 1,
                        count));
        store.writeDocument(doc.withActive(s), store.readDocument(CompatV2.OBJECT_NAME, id).orElseThrow().etag());
    }

    private CompatV2FixtureWriter() {}
}
