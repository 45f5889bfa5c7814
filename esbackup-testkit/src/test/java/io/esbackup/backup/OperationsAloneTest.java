package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.InMemoryEventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each family of operations behind {@link BackupRestoreService} works on its own, built over a store and a
 * provider without the facade: backup, catalog, validation, restore and clone, clean-up.
 */
class OperationsAloneTest {
    private final Clock clock = Clock.fixed(Instant.parse("2024-09-17T08:30:00Z"), ZoneOffset.UTC);
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final BlobBackupProvider provider = new BlobBackupProvider(new InMemoryBlobStore());
    private final BackupCatalog catalog = new BackupCatalog(provider, null);

    @Test
    void eachOperationFamilyWorksWithoutTheFacade() {
        ObjectDocument doc = Streams.create(store, "Order", "o-1", 30, null);
        BackupOperation backups = new BackupOperation(store, provider, catalog, clock, UUID::randomUUID,
                Duration.ofHours(1), "test");

        BackupHandle handle = backups.backupStream("Order", "o-1", BackupOptions.DEFAULT.toBuilder()
                .retention(Duration.ofDays(1)).build(), null);

        assertThat(catalog.get(handle.backupId())).map(BackupHandle::eventCount).hasValue(30L);
        assertThat(catalog.list(BackupQuery.ALL, clock.instant())).extracting(BackupHandle::backupId)
                .containsExactly(handle.backupId());
        assertThat(new BackupValidation(provider, catalog).validate(handle.backupId()))
                .hasValueSatisfying(r -> assertThat(r.valid()).isTrue());

        RestoreResult clone = new RestoreOperation(store, provider, catalog, clock)
                .restore(handle, "o-2", true, RestoreOptions.DEFAULT, null);
        assertThat(clone.eventsRestored()).isEqualTo(30);
        assertThat(Streams.readAll(store, "Order", store.readDocument("Order", "o-2").orElseThrow().document()
                .active())).isEqualTo(Streams.readAll(store, "Order", doc.active()));

        Cleanup later = new Cleanup(store, provider, catalog, Clock.offset(clock, Duration.ofDays(2)),
                Duration.ofHours(1));
        CleanupReport report = later.run(false);
        assertThat(report.expired()).extracting(BackupHandle::backupId).containsExactly(handle.backupId());
        assertThat(catalog.get(handle.backupId())).isEmpty();
        assertThat(catalog.list(BackupQuery.ALL, clock.instant())).isEqualTo(List.of());
    }
}
