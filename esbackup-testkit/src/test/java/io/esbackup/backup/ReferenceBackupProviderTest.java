package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.EventCursor;
import io.esbackup.store.FileEventStore;
import io.esbackup.testkit.ReferenceBackupFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups the reference library wrote ({@link ReferenceBackupFiles}), with its registry file: listed, validated,
 * restored and cloned through the service like esbackup's own.
 */
class ReferenceBackupProviderTest {
    @TempDir
    Path dir;
    private BackupRestoreService service;
    private FileEventStore store;

    @BeforeEach
    void writeTheReferenceBackups() {
        ReferenceBackupFiles.write(dir);
        store = new FileEventStore(dir.resolve("store"));
        service = new BackupRestoreService(store, new ReferenceBackupProvider(
                new LocalBlobStore(dir.resolve("migration-backups")), new LocalBlobStore(dir.resolve("backup-registry"))));
    }

    @Test
    void jobLeasesAreKeptInTheBackupsContainerUnseenByListingAndValidation() {
        JobLocks locks = service.provider().capability(JobLocks.class).orElseThrow();
        JobLease lease = locks.tryAcquire("nightly", "instance-a", java.time.Duration.ofMinutes(5)).orElseThrow();

        assertThat(dir.resolve("migration-backups/locks/nightly.lease")).isRegularFile();
        assertThat(locks.tryAcquire("nightly", "instance-b", java.time.Duration.ofMinutes(5))).isEmpty();
        assertThat(service.listBackups(BackupQuery.builder().includeExpired(true).build()))
                .extracting(BackupHandle::backupId).extracting(UUID::toString)
                .containsExactlyInAnyOrder(ReferenceBackupFiles.GZIPPED, ReferenceBackupFiles.PLAIN);
        try (java.util.stream.Stream<ValidationReport> all = service.validateAll()) {
            assertThat(all.toList()).hasSize(2).allSatisfy(r -> assertThat(r.problems()).isEmpty());
        }
        lease.release();
        assertThat(locks.tryAcquire("nightly", "instance-b", java.time.Duration.ofMinutes(5))).isPresent();
    }

    @Test
    void theReferencesBackupsAreListedWithWhatItsRegistryAdds() {
        List<BackupHandle> all = service.listBackups(BackupQuery.builder().includeExpired(true).build());
        assertThat(all).extracting(BackupHandle::backupId).extracting(UUID::toString)
                .containsExactlyInAnyOrder(ReferenceBackupFiles.GZIPPED, ReferenceBackupFiles.PLAIN);
        BackupHandle gz = service.requireBackup(UUID.fromString(ReferenceBackupFiles.GZIPPED));
        assertThat(gz.objectName()).isEqualTo("order");
        assertThat(gz.eventCount()).isEqualTo(2);
        assertThat(gz.manifest().streamVersion()).isEqualTo(1);
        assertThat(gz.manifest().description()).isEqualTo("before the migration");
        assertThat(gz.manifest().tags()).containsEntry("env", "prod");
        assertThat(gz.manifest().expiresAt()).isEqualTo(Instant.parse("2026-03-31T19:09:09.1234567Z"));
        assertThat(gz.manifest().toolVersion()).isEqualTo(ReferenceBackupProvider.TOOL);
        assertThat(service.validateBackup(gz).valid()).isTrue();
    }

    @Test
    void aReferenceBackupRestoresWithItsPayloadTextExact() {
        RestoreResult r = service.restoreStream(service.requireBackup(UUID.fromString(ReferenceBackupFiles.GZIPPED)));
        assertThat(r.eventsRestored()).isEqualTo(2);
        ObjectDocument doc = store.readDocument("order", "o-1").orElseThrow().document();
        assertThat(doc.active().streamIdentifier()).isEqualTo("o1-0000000000");
        assertThat(doc.active().currentStreamVersion()).isEqualTo(1);
        List<Event> events = events(doc);
        assertThat(events.get(0).payload().text()).as("the Payload string's text, byte for byte")
                .isEqualTo("{\"orderId\":\"o-1\",\"total\":12.50,\"units\":123456789012345678901234567890}");
        assertThat(events.get(0).action().correlationId()).isEqualTo("c-1");
        assertThat(events.get(0).action().eventOccurredAt()).isEqualTo("2026-03-01T10:00:00.5+00:00");
        assertThat(events.get(1).payload().text()).isEqualTo("{\"name\":\"Café <1>\"}");
        assertThat(events.get(1).schemaVersion()).isEqualTo(2);
        assertThat(events.get(1).metadata()).containsEntry("source", "import");

        service.restoreToNewStream(service.requireBackup(UUID.fromString(ReferenceBackupFiles.PLAIN)), "copy-2");
        assertThat(events(store.readDocument("order", "copy-2").orElseThrow().document())).hasSize(1);
    }

    @Test
    void theReferencesBackupsRestoreManyAtOnce() {
        BulkRestoreResult r = service.restoreManyById(List.of(UUID.fromString(ReferenceBackupFiles.GZIPPED),
                UUID.fromString(ReferenceBackupFiles.PLAIN)), BulkRestoreOptions.builder().build());
        assertThat(r.successCount()).isEqualTo(2);
        assertThat(store.readDocument("order", "o-1")).isPresent();
        assertThat(store.readDocument("order", "o-2")).isPresent();
        BulkRestoreResult asOf = new BackupRestoreService(new FileEventStore(dir.resolve("as-of")), service.provider())
                .restoreAsOf(Instant.parse("2026-03-02T00:00:00Z"), "order", BulkRestoreOptions.builder().build());
        assertThat(asOf.successCount()).as("only o-1's backup is from before then").isEqualTo(1);
    }

    /** The reference skips a {@code "null"} element of {@code serializedEvents}; so does esbackup. */
    @Test
    void aNullEventStringIsSkippedAsTheReferenceSkipsIt() throws IOException {
        LocalBlobStore backups = new LocalBlobStore(dir.resolve("nulls"));
        String id = "22222222-3333-4444-8555-666666666666";
        String events = "{\\\"Payload\\\":\\\"{}\\\",\\\"type\\\":\\\"Order.Created\\\",\\\"version\\\":0}\",\"null";
        backups.write("backups/o-4/" + id + ".backup.json", WriteCondition.createOnly(),
                ReferenceBackupFiles.document(id, "o-4", "2025-01-01T00:00:00+00:00", 0, events)
                        .getBytes(StandardCharsets.UTF_8));
        BackupRestoreService nulls = new BackupRestoreService(store, new ReferenceBackupProvider(backups, null));
        assertThat(nulls.requireBackup(UUID.fromString(id)).eventCount()).isEqualTo(1);
        assertThat(nulls.validateBackup(UUID.fromString(id)).valid()).isTrue();
    }

    @Test
    void anEventInTheReferencesOldShapeMakesTheBackupInvalidSayingWhy() throws IOException {
        LocalBlobStore backups = new LocalBlobStore(dir.resolve("old"));
        String id = "11111111-2222-4333-8444-555555555555";
        backups.write("backups/o-3/" + id + ".backup.json", WriteCondition.createOnly(),
                ReferenceBackupFiles.document(id, "o-3", "2025-01-01T00:00:00+00:00", 0, "Order.Created:v0").getBytes(StandardCharsets.UTF_8));
        BackupRestoreService old = new BackupRestoreService(store, new ReferenceBackupProvider(backups, null));
        ValidationReport report = old.validateBackup(UUID.fromString(id));
        assertThat(report.valid()).isFalse();
        assertThat(String.join(" ", report.problems())).contains("2.0.0-preview.5");
    }

    /**
     * A backup written here is in the reference's format (so the .NET library restores it): gzipped at the
     * reference's key, its document and event strings in the reference's shapes, and recorded in its registry
     * with its size and compression; it reads back with payloads, actions and metadata as they were.
     */
    @Test
    void aBackupWrittenHereIsInTheReferencesFormatAndReadsBack() throws IOException {
        List<Event> written = List.of(
                new Event("Order.Created", 0, null, null, new io.esbackup.model.ActionMetadata("corr-1", "cause-0",
                        com.fasterxml.jackson.databind.node.TextNode.valueOf("vt[Renée]1.0.0"),
                        "2026-03-01T10:00:00.5+00:00", java.util.Map.of()), java.util.Map.of("tenant", "t-ü"),
                        "{\"total\":10.50,\"units\":123456789012345678901234567890,\"text\":\"日本語 \\u00e9\"}",
                        "2026-03-01T10:00:00Z", java.util.Map.of()),
                new Event("Order.Paid", 1, 2, "seq-1", null, null, "[1, 2.50E3]", null, java.util.Map.of()));
        var live = io.esbackup.model.StreamInformation.empty("o9-0000000000", "blob");
        live = store.appendEvents("order", live, io.esbackup.model.StreamHeader.of("order", "o-9"), written.iterator());
        store.writeDocument(ObjectDocument.create("order", "o-9", live), null);

        BackupHandle h = service.backupStream("order", "o-9", BackupOptions.builder().retention(java.time.Duration
                .ofDays(30)).description("nightly").tag("env", "prod").build());

        Path blob = dir.resolve("migration-backups/backups/o-9/" + h.backupId() + ".backup.json");
        byte[] stored = java.nio.file.Files.readAllBytes(blob);
        assertThat(stored[0] & 0xff).as("gzip").isEqualTo(0x1f);
        com.fasterxml.jackson.databind.JsonNode doc = io.esbackup.model.json.Json.tree(
                new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(stored)).readAllBytes());
        assertThat(names(doc)).containsExactly("backupId",
                "createdAt", "objectId", "objectName", "streamVersion", "eventCount", "serializedEvents",
                "serializedObjectDocument");
        assertThat(doc.path("createdAt").asText()).endsWith("+00:00");
        com.fasterxml.jackson.databind.JsonNode first = io.esbackup.model.json.Json.tree(doc.path("serializedEvents")
                .get(0).asText().getBytes(StandardCharsets.UTF_8));
        assertThat(names(first)).containsExactly("Payload",
                "type", "version", "action", "Metadata");
        assertThat(first.path("Payload").asText()).isEqualTo(written.get(0).payload().text());
        assertThat(first.path("action").path("CorrelationId").asText()).isEqualTo("corr-1");
        assertThat(first.path("action").path("OriginatedFromUser").asText()).isEqualTo("vt[Renée]1.0.0");
        com.fasterxml.jackson.databind.JsonNode entry = io.esbackup.model.json.Json.tree(java.nio.file.Files
                .readAllBytes(dir.resolve("backup-registry/backup-registry.json"))).path("entries");
        assertThat(entry).anySatisfy(e -> {
            assertThat(e.path("backupId").asText()).isEqualTo(h.backupId().toString());
            assertThat(e.path("isCompressed").asBoolean()).isTrue();
            assertThat(e.path("sizeBytes").asLong()).isEqualTo(stored.length);
            assertThat(e.path("retention").asText()).isEqualTo("30.00:00:00");
            assertThat(e.path("tags").path("env").asText()).isEqualTo("prod");
        });

        assertThat(service.validateBackup(h.backupId()).valid()).isTrue();
        FileEventStore other = new FileEventStore(dir.resolve("other"));
        new BackupRestoreService(other, service.provider()).restoreStream(service.requireBackup(h.backupId()));
        ObjectDocument back = other.readDocument("order", "o-9").orElseThrow().document();
        List<Event> read = new ArrayList<>();
        try (EventCursor c = other.readEvents("order", back.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(read::add);
        }
        assertThat(read).extracting(e -> e.payload().text()).containsExactly(written.get(0).payload().text(),
                written.get(1).payload().text());
        assertThat(read.get(0).action()).isEqualTo(written.get(0).action());
        assertThat(read.get(0).metadata()).isEqualTo(written.get(0).metadata());
        assertThat(read.get(1).schemaVersion()).isEqualTo(2);
        assertThat(read.get(1).externalSequencer()).isEqualTo("seq-1");
        assertThat(read.get(0).timestamp()).as("the reference's format has no event time").isNull();
        assertThat(service.requireBackup(h.backupId()).manifest().tags()).containsEntry("env", "prod");

        assertThat(service.deleteBackup(h.backupId())).isTrue();
        assertThat(blob).doesNotExist();
        assertThat(java.nio.file.Files.readString(dir.resolve("backup-registry/backup-registry.json")))
                .doesNotContain(h.backupId().toString());
    }

    /** The reference rewrites its registry unguarded and loses entries; concurrent backups here lose none. */
    @Test
    void concurrentBackupsLoseNoRegistryEntry() throws Exception {
        int aggregates = 24;
        for (int i = 0; i < aggregates; i++) {
            var s = store.appendEvents("order", io.esbackup.model.StreamInformation.empty("c" + i + "-0000000000", "blob"),
                    io.esbackup.model.StreamHeader.of("order", "c-" + i),
                    List.of(Event.of("Order.Created", 0, "{\"n\":" + i + "}", null)).iterator());
            store.writeDocument(ObjectDocument.create("order", "c-" + i, s), null);
        }
        var result = service.backupMany(java.util.stream.IntStream.range(0, aggregates).mapToObj(i -> "c-" + i).toList(),
                "order", BulkBackupOptions.builder().maxConcurrency(8).build());
        assertThat(result.successCount()).isEqualTo(aggregates);
        com.fasterxml.jackson.databind.JsonNode entries = io.esbackup.model.json.Json.tree(java.nio.file.Files
                .readAllBytes(dir.resolve("backup-registry/backup-registry.json"))).path("entries");
        assertThat(entries.size()).isEqualTo(aggregates + 1); // and the fixture's one entry
    }

    private static List<String> names(com.fasterxml.jackson.databind.JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private List<Event> events(ObjectDocument doc) {
        List<Event> events = new ArrayList<>();
        try (EventCursor c = store.readEvents(doc.objectName(), doc.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(events::add);
        }
        return events;
    }

}
