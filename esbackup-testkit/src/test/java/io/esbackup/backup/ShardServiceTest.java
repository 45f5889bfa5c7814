package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BulkFixture.HookedStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.FileEventStore;
import io.esbackup.store.RestoreJournal;
import io.esbackup.store.RestoreJournalEntry;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service's sharded operations: N runs of a bulk backup, one per shard, cover every aggregate exactly
 * once; ids of other shards are skipped before any I/O; validate and clean-up of a shard touch only its
 * aggregates, and N of them together do what one run over everything does.
 */
class ShardServiceTest {
    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryBlobStore backups = new InMemoryBlobStore(clock);
    private final BlobEventStore store = new BlobEventStore(new InMemoryBlobStore(clock));
    private final BackupRestoreService service = BackupRestoreService.builder(store, new BlobBackupProvider(backups))
            .clock(clock).build();
    private final List<String> ids = IntStream.range(0, 30).mapToObj(i -> "o-" + i).toList();

    ShardServiceTest() {
        ids.forEach(id -> Streams.create(store, "Order", id, 2, null));
    }

    private static BulkBackupOptions inShard(Shard shard) {
        return BulkBackupOptions.builder().maxConcurrency(3).shard(shard).build();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void nShardRunsOfBackupManyBackUpEveryAggregateExactlyOnce(int n) {
        List<String> backedUp = new ArrayList<>();
        long processed = 0;
        for (int k = 0; k < n; k++) {
            BulkBackupResult r = service.backupMany(ids, "Order", inShard(new Shard(k, n)));
            int shard = k;
            assertThat(r.failureCount()).isZero();
            assertThat(r.successfulBackups()).extracting(BackupHandle::objectId)
                    .allSatisfy(id -> assertThat(Shard.of(id, n)).as(id).isEqualTo(shard));
            r.successfulBackups().forEach(h -> backedUp.add(h.objectId()));
            processed += r.totalProcessed();
        }
        assertThat(backedUp).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(processed).isEqualTo(ids.size());
        assertThat(service.listBackups()).extracting(BackupHandle::objectId).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void nShardRunsOfBackupAllBackUpEveryAggregateExactlyOnceAndEachShardHasSome() {
        Map<String, Integer> shardOf = new HashMap<>();
        for (int k = 0; k < 4; k++) {
            BulkBackupResult r = service.backupAll("Order", inShard(new Shard(k, 4)));
            assertThat(r.successCount()).as("shard %d of 4 over 30 ids", k).isPositive();
            for (BackupHandle h : r.successfulBackups()) {
                assertThat(shardOf.put(h.objectId(), k)).as("%s backed up once", h.objectId()).isNull();
            }
        }
        assertThat(shardOf.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void reRunningAShardMakesNewBackupsOfTheSameAggregates() {
        Shard shard = new Shard(1, 3);
        BulkBackupResult first = service.backupMany(ids, "Order", inShard(shard));
        BulkBackupResult again = service.backupMany(ids, "Order", inShard(shard));

        assertThat(again.successfulBackups()).extracting(BackupHandle::objectId)
                .containsExactlyInAnyOrderElementsOf(first.successfulBackups().stream().map(BackupHandle::objectId)
                        .toList());
        Set<UUID> firstIds = first.successfulBackups().stream().map(BackupHandle::backupId).collect(
                Collectors.toSet());
        assertThat(again.successfulBackups()).extracting(BackupHandle::backupId).doesNotContainAnyElementsOf(firstIds);
        try (Stream<ValidationReport> reports = service.validateAll(shard)) {
            List<ValidationReport> all = reports.toList();
            assertThat(all).hasSize(2 * (int) first.successCount()).allMatch(ValidationReport::valid);
        }
    }

    @Test
    void idsOfOtherShardsAreSkippedBeforeAnyReadAndNotCounted() {
        HookedStore hooked = new HookedStore();
        BackupRestoreService s = new BackupRestoreService(hooked, new BlobBackupProvider(new InMemoryBlobStore()));
        ids.forEach(id -> Streams.create(hooked, "Order", id, 2, null));
        List<String> read = Collections.synchronizedList(new ArrayList<>());
        hooked.beforeRead = read::add;
        Shard shard = new Shard(2, 3);
        List<String> input = new ArrayList<>(ids);
        // An unknown id outside the shard is never looked at, so it fails nowhere but in its own shard.
        String missing = IntStream.range(0, 100).mapToObj(i -> "missing-" + i)
                .filter(id -> !shard.contains(id)).findFirst().orElseThrow();
        input.add(missing);
        input.add(null);
        List<BulkBackupProgress> progress = Collections.synchronizedList(new ArrayList<>());

        BulkBackupResult r = s.backupMany(input.stream(), "Order", BulkBackupOptions.builder().shard(shard)
                .onProgress(progress::add).build());

        List<String> mine = ids.stream().filter(shard::contains).toList();
        assertThat(read).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(r.totalProcessed()).isEqualTo(mine.size());
        assertThat(r.failureCount()).as("the null id is shard 0's").isZero();
        assertThat(progress).hasSize(mine.size()).extracting(BulkBackupProgress::totalStreams).containsOnly(-1L);
    }

    @Test
    void aNullIdFailsInShardZeroOnly() {
        List<String> input = new ArrayList<>(ids);
        input.add(null);
        long failures = 0;
        for (int k = 0; k < 3; k++) {
            BulkBackupResult r = service.backupMany(input, "Order", inShard(new Shard(k, 3)));
            if (k == 0) {
                assertThat(r.failedBackups()).singleElement().satisfies(f -> {
                    assertThat(f.objectId()).isNull();
                    assertThat(f.exception()).isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("objectId");
                });
            }
            failures += r.failureCount();
        }
        assertThat(failures).isEqualTo(1);
    }

    @Test
    void validateAllOfAShardReportsItsBackupsAndTheShardsTogetherReportEachOnce() {
        Map<String, UUID> backupOf = new HashMap<>();
        service.backupMany(ids, "Order", BulkBackupOptions.DEFAULT).successfulBackups()
                .forEach(h -> backupOf.put(h.objectId(), h.backupId()));
        String badArchive = "o-3";
        String badManifest = "o-4";
        String badPointer = pickNotInShardZero(3);
        overwrite("backups/Order/" + badArchive + "/" + backupOf.get(badArchive) + ".json");
        overwrite("backups/Order/" + badManifest + "/" + backupOf.get(badManifest) + ".meta");
        overwrite("backup-index/" + backupOf.get(badPointer));

        Map<UUID, Integer> reportedBy = new HashMap<>();
        Map<UUID, ValidationReport> reports = new HashMap<>();
        for (int k = 0; k < 3; k++) {
            try (Stream<ValidationReport> shard = service.validateAll(new Shard(k, 3))) {
                for (ValidationReport r : shard.toList()) {
                    assertThat(reportedBy.put(r.backupId(), k)).as("%s reported once", r.backupId()).isNull();
                    reports.put(r.backupId(), r);
                }
            }
        }
        assertThat(reportedBy.keySet()).containsExactlyInAnyOrderElementsOf(backupOf.values());
        for (String id : ids) {
            int expected = id.equals(badPointer) ? 0 : Shard.of(id, 3);
            assertThat(reportedBy.get(backupOf.get(id))).as(id).isEqualTo(expected);
            boolean bad = id.equals(badArchive) || id.equals(badManifest) || id.equals(badPointer);
            assertThat(reports.get(backupOf.get(id)).valid()).as(id).isEqualTo(!bad);
        }
        assertThat(reports.get(backupOf.get(badPointer)).problems()).anySatisfy(p -> assertThat(p)
                .contains("id pointer"));
        try (Stream<ValidationReport> all = service.validateAll(Shard.ALL)) {
            assertThat(all.map(ValidationReport::backupId).toList())
                    .containsExactlyInAnyOrderElementsOf(backupOf.values());
        }
    }

    @Test
    void validateAllOfAShardReadsTheManifestsAndArchivesOfItsBackupsOnly() {
        List<String> manifestsRead = Collections.synchronizedList(new ArrayList<>());
        List<String> archivesRead = Collections.synchronizedList(new ArrayList<>());
        BackupProvider counting = new ForwardingBackupProvider(new BlobBackupProvider(backups)) {
            @Override
            public java.util.Optional<io.esbackup.archive.BackupManifest> readManifest(BackupLocation location) {
                manifestsRead.add(location.objectId());
                return super.readManifest(location);
            }

            @Override
            public java.io.InputStream openArchive(BackupLocation location) {
                archivesRead.add(location.objectId());
                return super.openArchive(location);
            }
        };
        service.backupMany(ids, "Order", BulkBackupOptions.DEFAULT);
        Shard shard = new Shard(1, 4);
        BackupRestoreService s = BackupRestoreService.builder(store, counting).clock(clock).build();

        try (Stream<ValidationReport> reports = s.validateAll(shard)) {
            assertThat(reports.filter(ValidationReport::valid).count()).isEqualTo(
                    ids.stream().filter(shard::contains).count());
        }
        List<String> mine = ids.stream().filter(shard::contains).toList();
        assertThat(manifestsRead).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(archivesRead).containsExactlyInAnyOrderElementsOf(mine);
    }

    @Test
    void cleanupOfAShardRemovesOnlyItsAggregatesExpiredUnfinishedAndAbandonedAndTheShardsTogetherAll() {
        Map<String, UUID> backupOf = new HashMap<>();
        service.backupMany(ids, "Order", BulkBackupOptions.builder().retention(Duration.ofDays(1)).build())
                .successfulBackups().forEach(h -> backupOf.put(h.objectId(), h.backupId()));
        // Unfinished: a second backup of a few aggregates whose manifest is gone, as after a crash.
        List<String> unfinishedOf = List.of("o-1", "o-2", "o-5", "o-8", "o-13");
        for (String id : unfinishedOf) {
            BackupHandle h = service.backupStream("Order", id);
            assertThat(backups.delete("backups/Order/" + id + "/" + h.backupId() + ".meta")).isTrue();
        }
        // Abandoned restores: a journal entry and a stream no document names.
        List<String> restoredInto = List.of("o-0", "o-7", "o-9", "o-21");
        RestoreJournal journal = store.capability(RestoreJournal.class).orElseThrow();
        for (String id : restoredInto) {
            String orphan = id.replace("-", "") + "-orphan";
            journal.record(RestoreJournalEntry.started(UUID.randomUUID(), "Order", id, orphan, START));
            store.appendEvents("Order", StreamInformation.empty(orphan, "blob"), StreamHeader.of("Order", id),
                    Streams.events(0, 2));
        }
        clock.advance(Duration.ofDays(2));

        List<String> expired = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        List<String> restores = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Shard shard = new Shard(k, 3);
            CleanupReport dry = service.cleanupExpiredBackups(true, shard);
            CleanupReport report = service.cleanupExpiredBackups(false, shard);
            assertThat(report.expired()).isEqualTo(dry.expired());
            assertThat(report.unfinished()).isEqualTo(dry.unfinished());
            assertThat(report.expired()).extracting(BackupHandle::objectId).allMatch(shard::contains);
            assertThat(report.unfinished()).extracting(u -> u.location().objectId()).allMatch(shard::contains);
            assertThat(report.abandonedRestores()).extracting(AbandonedRestore::objectId).allMatch(shard::contains);
            report.expired().forEach(h -> expired.add(h.objectId()));
            report.unfinished().forEach(u -> unfinished.add(u.location().objectId()));
            report.abandonedRestores().forEach(a -> restores.add(a.objectId()));
            // What this shard removed is gone; the other shards' backups are still there until their turn.
            List<String> left = service.listBackups(BackupCatalog.EVERY_BACKUP).stream().map(BackupHandle::objectId)
                    .toList();
            assertThat(left).noneMatch(shard::contains);
            assertThat(left).hasSize((int) ids.stream().filter(id -> Shard.of(id, 3) > shard.index()).count());
        }
        assertThat(expired).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(unfinished).containsExactlyInAnyOrderElementsOf(unfinishedOf);
        assertThat(restores).containsExactlyInAnyOrderElementsOf(restoredInto);
        assertThat(service.cleanupExpiredBackups(true).isEmpty()).isTrue();
    }

    @Test
    void temporaryFilesAreSweptByShardZeroOnly(@TempDir Path root) throws IOException {
        BackupRestoreService local = BackupRestoreService.builder(new FileEventStore(root.resolve("store")),
                new BlobBackupProvider(new LocalBlobStore(root.resolve("backups")))).clock(clock).build();
        Path temp = Files.createDirectories(root.resolve("backups/backups/Order")).resolve(".esb-tmp-x");
        Files.writeString(temp, "partial");
        Files.setLastModifiedTime(temp, FileTime.from(START.minus(Duration.ofDays(1))));

        assertThat(local.cleanupExpiredBackups(false, new Shard(1, 2)).temporaryFiles()).isZero();
        assertThat(temp).exists();
        assertThat(local.cleanupExpiredBackups(false, new Shard(0, 2)).temporaryFiles()).isEqualTo(1);
        assertThat(temp).doesNotExist();
    }

    private String pickNotInShardZero(int n) {
        return ids.stream().filter(id -> Shard.of(id, n) != 0 && !id.equals("o-3") && !id.equals("o-4"))
                .findFirst().orElseThrow();
    }

    private void overwrite(String key) {
        backups.write(key, WriteCondition.overwrite(), "damaged".getBytes(StandardCharsets.UTF_8));
    }
}
