package io.esbackup.backup;

import static io.esbackup.backup.Streams.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.store.InMemoryEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service with a registry gives the answers it gives without one, reads the registry instead of
 * scanning manifests, and stays right when the registry fails or falls behind. Both services share one
 * event store and one backup store; only one of them has the registry.
 */
class RegistryServiceTest {
    private static final Duration GRACE = Duration.ofHours(1);
    private static final BackupQuery EVERYTHING = BackupQuery.builder().includeExpired(true).build();

    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00.123456789Z"));
    InMemoryEventStore store = new InMemoryEventStore();
    InMemoryBlobStore blobs = new InMemoryBlobStore(clock);
    CountingProvider counted = new CountingProvider(new BlobBackupProvider(blobs));
    SwitchableRegistry registry = new SwitchableRegistry();
    BackupRestoreService withRegistry;
    BackupRestoreService without;

    @BeforeEach
    void setUp() {
        withRegistry = BackupRestoreService.builder(store, counted).registry(registry).clock(clock)
                .unfinishedGrace(GRACE).build();
        without = BackupRestoreService.builder(store, new BlobBackupProvider(blobs)).clock(clock)
                .unfinishedGrace(GRACE).build();
        create(store, "Order", "o-1", 3, null);
        create(store, "Order", "o-2", 2, null);
        create(store, "Invoice", "i-1", 1, null);
    }

    @Test
    void listGetDeleteAndCleanupGiveTheSameAnswersWithAndWithoutARegistry() {
        BackupHandle a = backup("Order", "o-1", BackupOptions.builder().retention(Duration.ofDays(1))
                .tag("env", "prod").build());
        BackupHandle b = backup("Order", "o-1", BackupOptions.builder().location("archive/2026").build());
        BackupHandle c = backup("Order", "o-2", BackupOptions.builder().retention(Duration.ofDays(10))
                .tag("env", "prod").build());
        BackupHandle d = backup("Invoice", "i-1", BackupOptions.DEFAULT);
        List<BackupQuery> queries = List.of(BackupQuery.ALL, EVERYTHING,
                BackupQuery.builder().objectName("Order").build(),
                BackupQuery.builder().objectName("Order").objectId("o-1").build(),
                BackupQuery.builder().tag("env", "prod").build(),
                BackupQuery.builder().location("archive/2026").build(),
                BackupQuery.builder().maxResults(2).build(),
                BackupQuery.builder().createdAfter(b.createdAt()).createdBefore(d.createdAt()).build());

        assertThat(withRegistry.listBackups()).extracting(BackupHandle::backupId)
                .containsExactly(d.backupId(), c.backupId(), b.backupId(), a.backupId());
        assertSameListings(queries);
        for (BackupHandle h : List.of(a, b, c, d)) {
            assertThat(withRegistry.getBackup(h.backupId())).isEqualTo(without.getBackup(h.backupId())).hasValue(h);
        }
        UUID unknown = UUID.randomUUID();
        assertThat(withRegistry.getBackup(unknown)).isEmpty();
        assertThat(counted.listManifests).as("manifest scans by the service with a registry").hasValue(0);
        assertThat(counted.findManifest).as("manifest reads: only the id the registry did not know").hasValue(1);

        clock.advance(Duration.ofDays(2));
        assertSameListings(queries);
        assertThat(withRegistry.cleanupExpiredBackups(true)).isEqualTo(without.cleanupExpiredBackups(true));
        CleanupReport cleaned = withRegistry.cleanupExpiredBackups();
        assertThat(cleaned.expired()).containsExactly(a);
        assertThat(registry.find(a.backupId())).isEmpty();
        assertThat(without.getBackup(a.backupId())).isEmpty();
        assertSameListings(queries);

        assertThat(withRegistry.deleteBackup(b)).isTrue();
        assertThat(registry.find(b.backupId())).isEmpty();
        assertThat(without.getBackup(b.backupId())).isEmpty();
        assertThat(withRegistry.deleteBackup(b)).isFalse();
        assertSameListings(queries);
        assertThat(withRegistry.listBackups(EVERYTHING)).extracting(BackupHandle::backupId)
                .containsExactly(d.backupId(), c.backupId());
        assertThat(counted.listManifests).as("manifest scans by the service with a registry").hasValue(0);
    }

    @Test
    void aRegistryThatFailsToRecordDoesNotFailTheBackup() {
        registry.failRecords = true;
        BackupHandle h = withRegistry.backupStream("Order", "o-1");

        assertThat(without.getBackup(h.backupId())).hasValue(h);
        assertThat(withRegistry.getBackup(h.backupId())).hasValue(h);
        assertThat(withRegistry.validateBackup(h).valid()).isTrue();
        // Listings come from the registry, which missed this backup until a rebuild.
        assertThat(withRegistry.listBackups()).isEmpty();

        registry.failRecords = false;
        assertThat(withRegistry.rebuildRegistry()).isEqualTo(new RebuildReport(1, 0));
        assertThat(withRegistry.listBackups()).containsExactly(h);
    }

    @Test
    void rebuildAfterTheRegistryWasClearedRestoresTheListingAndDropsEntriesOfDeletedBackups() {
        BackupHandle a = backup("Order", "o-1", BackupOptions.builder().retention(Duration.ofHours(2)).build());
        BackupHandle b = backup("Order", "o-2", BackupOptions.builder().location("archive").build());
        BackupHandle c = backup("Invoice", "i-1", BackupOptions.DEFAULT);
        clock.advance(Duration.ofDays(1)); // a has expired; a rebuild records it all the same
        registry.clear();
        assertThat(withRegistry.listBackups(EVERYTHING)).isEmpty();

        assertThat(withRegistry.rebuildRegistry()).isEqualTo(new RebuildReport(3, 0));
        assertThat(withRegistry.listBackups(EVERYTHING)).containsExactly(c, b, a);
        assertSameListings(List.of(BackupQuery.ALL, EVERYTHING));

        // Deleted behind the registry's back: its entry lingers until a rebuild removes it.
        assertThat(without.deleteBackup(b)).isTrue();
        assertThat(withRegistry.listBackups(EVERYTHING)).contains(b);
        assertThat(withRegistry.rebuildRegistry()).isEqualTo(new RebuildReport(2, 1));
        assertThat(withRegistry.listBackups(EVERYTHING)).containsExactly(c, a);
        assertSameListings(List.of(BackupQuery.ALL, EVERYTHING));
    }

    @Test
    void aRegistryThatLostAnEntryStillLetsGetBackupFindItThroughTheProvider() {
        BackupHandle h = withRegistry.backupStream("Order", "o-1");
        assertThat(registry.remove(h.backupId())).isTrue();

        assertThat(withRegistry.getBackup(h.backupId())).isEqualTo(without.getBackup(h.backupId())).hasValue(h);
        RestoreResult clone = withRegistry.restoreToNewStream(withRegistry.getBackup(h.backupId()).orElseThrow(),
                "o-copy");
        assertThat(clone.eventsRestored()).isEqualTo(3);
        assertThat(withRegistry.listBackups()).isEmpty();
    }

    @Test
    void aRegistryThatFailsToRemoveDoesNotFailTheDeleteAndDeletingAgainRemovesTheEntry() {
        BackupHandle h = withRegistry.backupStream("Order", "o-1");
        registry.failRemoves = true;

        assertThat(withRegistry.deleteBackup(h)).isTrue();
        assertThat(without.getBackup(h.backupId())).isEmpty();
        assertThat(registry.find(h.backupId())).isPresent();

        registry.failRemoves = false;
        assertThat(withRegistry.deleteBackup(h)).isFalse();
        assertThat(registry.find(h.backupId())).isEmpty();
        assertThat(withRegistry.listBackups(EVERYTHING)).isEmpty();
    }

    @Test
    void cleanupWithARegistryStillFindsUnfinishedBackupsInTheProvider() {
        BackupHandle h = withRegistry.backupStream("Order", "o-1");
        // As if the manifest was lost after the registry recorded it: now an archive without its manifest.
        BackupLocation location = new BackupLocation(h.backupId(), "Order", "o-1", null);
        assertThat(blobs.delete(BlobBackupProvider.manifestKey(location))).isTrue();

        clock.advance(Duration.ofMinutes(10));
        assertThat(withRegistry.cleanupExpiredBackups().unfinished()).isEmpty();
        clock.advance(Duration.ofHours(3));
        CleanupReport report = withRegistry.cleanupExpiredBackups();

        assertThat(report.expired()).isEmpty();
        assertThat(report.unfinished()).extracting(u -> u.location().backupId()).containsExactly(h.backupId());
        assertThat(registry.find(h.backupId())).isEmpty();
        try (Stream<BlobInfo> left = blobs.list("")) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aBackupExpiresTheInstantItsRetentionRunsOut() {
        // Both services share the expiry code, so comparing them cannot catch a boundary error; this does.
        BackupHandle h = withRegistry.backupStream("Order", "o-1",
                BackupOptions.builder().retention(Duration.ofHours(1)).build());
        clock.advance(Duration.ofHours(1).minusNanos(1));
        assertThat(withRegistry.listBackups()).containsExactly(h);
        assertThat(withRegistry.cleanupExpiredBackups(true).expired()).isEmpty();

        clock.advance(Duration.ofNanos(1));
        assertThat(withRegistry.listBackups()).isEmpty();
        assertThat(withRegistry.cleanupExpiredBackups().expired()).containsExactly(h);
        assertThat(registry.find(h.backupId())).isEmpty();
        assertThat(without.getBackup(h.backupId())).isEmpty();
    }

    @Test
    void theRegistryIsExplicit() {
        assertThat(withRegistry.registry()).containsSame(registry);
        assertThat(without.registry()).isEmpty();
        assertThatThrownBy(() -> new BackupRestoreService(store, counted, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registry");
        assertThatThrownBy(() -> BackupRestoreService.builder(store, counted).registry(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registry");
        assertThatThrownBy(() -> BackupRestoreService.builder(null, counted))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("store");
        assertThatThrownBy(without::rebuildRegistry).isInstanceOf(IllegalStateException.class);
    }

    /** A backup through the service with the registry, one minute after the previous one. */
    private BackupHandle backup(String objectName, String objectId, BackupOptions options) {
        clock.advance(Duration.ofMinutes(1));
        return withRegistry.backupStream(objectName, objectId, options);
    }

    private void assertSameListings(List<BackupQuery> queries) {
        for (BackupQuery q : queries) {
            assertThat(withRegistry.listBackups(q)).as("%s", q).isEqualTo(without.listBackups(q));
        }
    }
}
