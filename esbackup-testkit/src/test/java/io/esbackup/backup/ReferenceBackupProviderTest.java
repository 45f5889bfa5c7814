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

    private List<Event> events(ObjectDocument doc) {
        List<Event> events = new ArrayList<>();
        try (EventCursor c = store.readEvents(doc.objectName(), doc.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(events::add);
        }
        return events;
    }

}
