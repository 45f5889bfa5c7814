package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.Compression;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.store.FileEventStore;
import io.esbackup.testkit.ReferenceBackupFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review of issue #16: the blob registry under racing records, and reference backups that disagree with themselves. */
class Review16Test {
    private static final String ID = "5eed0000-0000-4000-8000-000000000016";
    @TempDir
    Path dir;

    /**
     * Two records of one backup id with different creation times race: the first has written its by-id object and
     * is about to write its by-name key when the second runs whole. The second cannot delete the first's by-name
     * key (it is not written yet), so that key, stale, stays and a query by name returned the backup twice.
     */
    @Test
    void racingRecordsOfOneIdLeaveOneEntryInAQueryByName() throws Exception {
        BackupManifest first = manifest(Instant.parse("2026-01-01T00:00:00Z"));
        BackupManifest second = manifest(Instant.parse("2026-01-02T00:00:00Z"));
        CountDownLatch atNameKey = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        BlobStore gated = new ForwardingBlobStore(new InMemoryBlobStore()) {
            @Override
            public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
                if (key.contains("by-name/") && key.contains("/001767225600")) {
                    atNameKey.countDown();
                    await(goOn);
                }
                return super.write(key, condition, writer);
            }
        };
        BlobBackupRegistry registry = new BlobBackupRegistry(gated);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> registry.record(first));
        assertThat(atNameKey.await(30, TimeUnit.SECONDS)).isTrue();
        registry.record(second);
        goOn.countDown();
        a.get(30, TimeUnit.SECONDS);

        BackupManifest recorded = registry.find(UUID.fromString(ID)).orElseThrow();
        try (Stream<BackupManifest> byName = registry.query(BackupQuery.builder().objectName("order")
                .includeExpired(true).build())) {
            assertThat(byName.toList()).as("one entry per backup id, the one find gives").containsExactly(recorded);
        }
    }

    /**
     * A removal racing a record of the same id: the record has written its by-id object, the removal runs whole
     * (deleting a by-name key not yet written), then the record writes its by-name key. find says the backup is
     * gone; a query by name must not list it.
     */
    @Test
    void aRemovalRacingARecordLeavesNoListedEntryThatFindDoesNotKnow() throws Exception {
        BackupManifest m = manifest(Instant.parse("2026-01-01T00:00:00Z"));
        CountDownLatch atNameKey = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        BlobStore gated = new ForwardingBlobStore(new InMemoryBlobStore()) {
            @Override
            public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
                if (key.contains("by-name/")) {
                    atNameKey.countDown();
                    await(goOn);
                }
                return super.write(key, condition, writer);
            }
        };
        BlobBackupRegistry registry = new BlobBackupRegistry(gated);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> registry.record(m));
        assertThat(atNameKey.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.remove(UUID.fromString(ID))).isTrue();
        goOn.countDown();
        a.get(30, TimeUnit.SECONDS);

        assertThat(registry.find(UUID.fromString(ID))).isEmpty();
        try (Stream<BackupManifest> byName = registry.query(BackupQuery.builder().objectName("order")
                .includeExpired(true).build())) {
            assertThat(byName.toList()).isEmpty();
        }
    }

    /** The longest valid ids, in multi-byte characters, in a local folder (255 bytes a file name). */
    @Test
    void theLongestIdsInUnicodeAreRecordedAndQueriedInAFolder() {
        String name = "é".repeat(100);
        String objectId = "ü.".repeat(66) + "ü";
        BackupManifest m = new BackupManifest(ArchiveFormat.VERSION, ID, name, objectId, "s-0000000000", 0, 1,
                Instant.parse("2026-01-01T00:00:00.123456789Z"), null, null, Map.of(), false, false, false, 0, 0,
                Compression.ZSTD, 10, "0".repeat(64), null, "review");
        BlobBackupRegistry registry = new BlobBackupRegistry(new LocalBlobStore(dir.resolve("r")));
        registry.record(m);
        try (Stream<BackupManifest> q = registry.query(BackupQuery.builder().objectName(name).objectId(objectId)
                .includeExpired(true).build())) {
            assertThat(q.toList()).containsExactly(m);
        }
    }

    /** eventCount says 3 but 2 events are there: a truncated backup; FORMAT.md 18 promises "the count matches". */
    @Test
    void aReferenceBackupWhoseEventCountDisagreesWithItsEventsIsInvalid() {
        String doc = document(1, 3, event(0, "{}") + "\",\"" + event(1, "{}"));
        ValidationReport report = reference(doc).validateBackup(UUID.fromString(ID));
        assertThat(report.valid()).as(report.problems().toString()).isFalse();
        assertThat(String.join(" ", report.problems())).contains("3").contains("2");
    }

    /** streamVersion 5 with events 0 and 1: validate reports it, restore writes nothing. */
    @Test
    void aReferenceBackupWhoseStreamVersionDisagreesIsInvalidAndNotRestored() {
        String doc = document(5, 2, event(0, "{}") + "\",\"" + event(1, "{}"));
        BackupRestoreService service = reference(doc);
        ValidationReport report = service.validateBackup(UUID.fromString(ID));
        assertThat(report.valid()).isFalse();
        assertThat(String.join(" ", report.problems())).contains("stream version is 5");
        BackupHandle handle = service.requireBackup(UUID.fromString(ID));
        assertThatThrownBy(() -> service.restoreStream(handle)).isInstanceOf(BackupCorruptedException.class);
        assertThat(new FileEventStore(dir.resolve("store")).readDocument("order", "o-1")).isEmpty();
    }

    /**
     * {@code Payload} as an embedded JSON object (not the string the reference writes): the reference's reader
     * throws on it; esbackup read it as a null payload, silently losing the event's data.
     */
    @Test
    void aPayloadThatIsNotAStringMakesTheBackupInvalidRatherThanNull() {
        String event = "{\\\"Payload\\\":{\\\"a\\\":1},\\\"type\\\":\\\"T\\\",\\\"version\\\":0}";
        ValidationReport report = reference(document(0, 1, event)).validateBackup(UUID.fromString(ID));
        assertThat(report.valid()).as("a payload object must not become null").isFalse();
        assertThat(String.join(" ", report.problems())).contains("Payload");
    }

    /** One unreadable backup (the reference's old "Type:vN" events) must not hide the others from a listing. */
    @Test
    void anUnreadableReferenceBackupDoesNotHideTheOthersFromAListing() {
        ReferenceBackupFiles.write(dir);
        LocalBlobStore backups = new LocalBlobStore(dir.resolve("migration-backups"));
        backups.write("backups/o-3/" + ID + ".backup.json", WriteCondition.createOnly(),
                ReferenceBackupFiles.document(ID, "o-3", "2025-01-01T00:00:00+00:00", 0, "Order.Created:v0")
                        .getBytes(StandardCharsets.UTF_8));
        BackupRestoreService service = new BackupRestoreService(new FileEventStore(dir.resolve("store")),
                new ReferenceBackupProvider(backups, new LocalBlobStore(dir.resolve("backup-registry"))));
        List<BackupHandle> all = service.listBackups(BackupQuery.builder().includeExpired(true).build());
        assertThat(all).extracting(h -> h.backupId().toString())
                .containsExactlyInAnyOrder(ReferenceBackupFiles.GZIPPED, ReferenceBackupFiles.PLAIN);
        ValidationReport old = service.validateBackup(UUID.fromString(ID));
        assertThat(String.join(" ", old.problems())).contains("2.0.0-preview.5");
    }

    /**
     * The action's other members ({@code OriginatedFromUser} as the reference's "vt[...]N" string,
     * {@code IdempotentKey}), {@code schemaVersion} 0, {@code Metadata} null and {@code Payload} null restore as
     * written.
     */
    @Test
    void aReferenceEventsOddButValidMembersRestoreAsWritten() {
        String event = "{\\\"Payload\\\":null,\\\"type\\\":\\\"T\\\",\\\"version\\\":0,\\\"schemaVersion\\\":0,"
                + "\\\"action\\\":{\\\"OriginatedFromUser\\\":\\\"vt[u-1]0\\\",\\\"IdempotentKey\\\":\\\"k-1\\\"},"
                + "\\\"Metadata\\\":null}";
        BackupRestoreService service = reference(document(0, 1, event));
        assertThat(service.validateBackup(UUID.fromString(ID)).valid()).isTrue();
        service.restoreStream(service.requireBackup(UUID.fromString(ID)));
        FileEventStore store = new FileEventStore(dir.resolve("store"));
        var doc = store.readDocument("order", "o-1").orElseThrow().document();
        try (var c = store.readEvents("order", doc.active(), 0, 10)) {
            io.esbackup.model.Event e = c.next();
            assertThat(e.payload().text()).isEqualTo("null");
            assertThat(e.schemaVersion()).isZero();
            assertThat(e.action().originatedFromUser().textValue()).isEqualTo("vt[u-1]0");
            assertThat(e.action().extra()).containsKey("idempotentKey");
            assertThat(e.action().extra().get("idempotentKey").textValue()).isEqualTo("k-1");
            assertThat(e.metadata()).isNull();
        }
    }

    /** The reference's minimal form: no serializedEvents, streamVersion -1, eventCount 0: an empty, valid backup. */
    @Test
    void aReferenceBackupWithoutSerializedEventsIsAnEmptyValidBackup() {
        String doc = "{\"backupId\":\"" + ID + "\",\"createdAt\":\"2026-03-01T00:00:00Z\",\"objectId\":\"o-1\","
                + "\"objectName\":\"order\",\"streamVersion\":-1,\"eventCount\":0}";
        ValidationReport report = reference(doc).validateBackup(UUID.fromString(ID));
        assertThat(report.valid()).as(report.problems().toString()).isTrue();
        assertThat(report.eventsRead()).isZero();
    }

    private BackupRestoreService reference(String document) {
        LocalBlobStore backups = new LocalBlobStore(dir.resolve("migration-backups"));
        backups.write("backups/o-1/" + ID + ".backup.json", WriteCondition.createOnly(),
                document.getBytes(StandardCharsets.UTF_8));
        return new BackupRestoreService(new FileEventStore(dir.resolve("store")), new ReferenceBackupProvider(backups,
                null));
    }

    /** One event's JSON, escaped to sit in serializedEvents' string. */
    private static String event(int version, String payload) {
        return "{\\\"Payload\\\":\\\"" + payload.replace("\"", "\\\\\\\"") + "\\\",\\\"type\\\":\\\"T\\\","
                + "\\\"version\\\":" + version + ",\\\"action\\\":{},\\\"Metadata\\\":{}}";
    }

    private static String document(int streamVersion, int eventCount, String events) {
        return "{\"backupId\":\"" + ID + "\",\"createdAt\":\"2026-03-01T00:00:00Z\",\"objectId\":\"o-1\","
                + "\"objectName\":\"order\",\"streamVersion\":" + streamVersion + ",\"eventCount\":" + eventCount
                + ",\"serializedEvents\":[\"" + events + "\"],\"serializedObjectDocument\":null}";
    }

    private static BackupManifest manifest(Instant createdAt) {
        return new BackupManifest(ArchiveFormat.VERSION, ID, "order", "o-1", "o1-0000000000", 0, 1, createdAt, null,
                null, Map.of(), false, false, false, 0, 0, Compression.ZSTD, 10, "0".repeat(64), null, "review");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the racing record never came");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
