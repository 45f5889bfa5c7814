package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code backupMany} with {@code pack}: a few pack objects and indexes, committed last, each backup still its
 * own: found by id with range reads, listed, validated, restored, deleted on its own; clean-up reclaims packs.
 */
class PackedBulkBackupTest {
    private static final int AGGREGATES = 120;
    private static final PackLimits SMALL = new PackLimits(64L * 1024 * 1024, 25);

    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T00:00:00Z"));
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final CountingBlobs blobs = new CountingBlobs(new InMemoryBlobStore(clock));
    private final FaultyBlobStore faults = new FaultyBlobStore(blobs);
    private final BackupRestoreService service = BackupRestoreService.builder(store, new BlobBackupProvider(faults))
            .clock(clock).build();

    private List<String> createAggregates() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < AGGREGATES; i++) {
            String id = "ord-" + Integer.toString(i * 7919, 36) + "-" + i;
            ObjectDocument doc = Streams.create(store, "Order", id, 1 + (i * 37) % 60, i % 5 == 0 ? 7 : null,
                    i % 4 == 0 ? new int[] {0} : new int[0]);
            if (i % 9 == 0) {
                Streams.addTerminated(store, doc, "old" + i + "-0000000000", 3);
            }
            ids.add(id);
        }
        return ids;
    }

    private BulkBackupOptions packed(int concurrency) {
        return BulkBackupOptions.builder().pack(true).packLimits(SMALL).maxConcurrency(concurrency)
                .includeSnapshots(true).includeTerminatedStreams(true).tag("run", "nightly").build();
    }

    @Test
    void aPackedRunMakesOneBackupPerAggregateInAFewPacksEachFoundListedValidatedAndRestoredOnItsOwn() {
        List<String> ids = createAggregates();

        BulkBackupResult result = service.backupMany(ids, "Order", packed(4));

        assertThat(result.successCount()).isEqualTo(AGGREGATES);
        assertThat(result.failureCount()).isZero();
        Set<String> keys = blobs.keys();
        assertThat(keys).noneMatch(k -> k.startsWith("backups/") || k.startsWith("backup-index/"));
        long packs = keys.stream().filter(k -> k.endsWith(".pack")).count();
        assertThat(packs).as("120 entries in packs of at most 25, one open per worker")
                .isBetween((long) AGGREGATES / 25, (long) AGGREGATES / 25 + 4);
        assertThat(keys.stream().filter(k -> k.endsWith(".index")).count()).isEqualTo(packs);
        assertThat(keys.stream().filter(k -> k.endsWith("/run.json")).count()).isOne();

        Set<UUID> backupIds = result.successfulBackups().stream().map(BackupHandle::backupId)
                .collect(Collectors.toSet());
        assertThat(backupIds).hasSize(AGGREGATES);
        assertThat(service.listBackups(BackupQuery.builder().tag("run", "nightly").build()))
                .extracting(BackupHandle::backupId).containsExactlyInAnyOrderElementsOf(backupIds);

        InMemoryEventStore target = new InMemoryEventStore();
        BackupRestoreService restorer = BackupRestoreService.builder(target, service.provider()).clock(clock).build();
        for (BackupHandle made : result.successfulBackups()) {
            BackupHandle found = service.requireBackup(made.backupId());
            assertThat(found.manifest()).isEqualTo(made.manifest());
            assertThat(service.validateBackup(made.backupId()).problems()).isEmpty();
            restorer.restoreStream(found);
            ObjectDocument source = Streams.document(store, "Order", made.objectId());
            ObjectDocument restored = Streams.document(target, "Order", made.objectId());
            List<Event> events = Streams.readAll(target, "Order", restored.active());
            assertThat(events).isEqualTo(Streams.readAll(store, "Order", source.active()));
            assertThat(restored.terminatedStreams()).hasSameSizeAs(source.terminatedStreams());
        }
        assertThat(service.validateAll().filter(r -> !r.valid()).toList()).isEmpty();
        assertThat(service.validateAll().count()).isEqualTo(AGGREGATES);
    }

    @Test
    void anEntryIsFoundAndRestoredWithRangeReadsWithoutReadingItsPackOrIndexWhole() {
        List<String> ids = createAggregates();
        BackupHandle one = service.backupMany(ids, "Order", packed(2)).successfulBackups().get(37);
        blobs.wholeReads.clear();

        BackupHandle found = service.requireBackup(one.backupId());
        service.restoreToNewStream(found, "copy-of-37");

        assertThat(blobs.wholeReads.keySet()).noneMatch(k -> k.startsWith("packs/"));
        assertThat(Streams.readAll(store, "Order", Streams.document(store, "Order", "copy-of-37").active()))
                .hasSize((int) one.eventCount());
    }

    @Test
    void manyLookupsOfOnePackReadItsIndexWholeOnceAndStillSeeDeletionsAndReclaimsMadeElsewhere() {
        List<String> ids = createAggregates();
        List<BackupHandle> made = service.backupMany(ids, "Order", packed(1)).successfulBackups();
        List<BackupHandle> first = made.subList(0, 25); // one worker: the first pack
        String index = first.get(0).location().substring(0, first.get(0).location().indexOf('#'))
                .replace(".pack", ".index");
        BlobBackupProvider reader = new BlobBackupProvider(blobs);
        blobs.wholeReads.clear();

        for (BackupHandle h : first) {
            assertThat(reader.findManifest(h.backupId())).hasValue(h.manifest());
        }
        assertThat(blobs.wholeReads.get(index)).as("the index read whole once").hasValue(1);

        service.deleteBackup(first.get(3).backupId());
        assertThat(reader.findManifest(first.get(3).backupId())).as("deleted elsewhere").isEmpty();
        first.forEach(h -> service.deleteBackup(h.backupId()));
        clock.advance(Duration.ofHours(2));
        assertThat(service.cleanupExpiredBackups().packs().packsReclaimed()).isOne();
        for (BackupHandle h : first) {
            assertThat(reader.findManifest(h.backupId())).as("reclaimed elsewhere").isEmpty();
        }
        assertThat(reader.findManifest(made.get(30).backupId())).hasValue(made.get(30).manifest());
    }

    @Test
    void aRunWhoseCommitFailsShowsNoneOfItsEntriesAndCleanUpRemovesWhatItLeft() {
        List<String> ids = createAggregates();
        RuntimeException injected = new io.esbackup.error.TransientStorageException("injected: run.json refused");
        FaultyBlobStore failing = new FaultyBlobStore(new ForwardingBlobStore(blobs) {
            @Override
            public BlobInfo write(String key, io.esbackup.blob.WriteCondition condition,
                                  io.esbackup.blob.BlobWriter writer) {
                if (key.endsWith("/run.json")) {
                    throw injected;
                }
                return super.write(key, condition, writer);
            }
        });
        BackupRestoreService failingService = BackupRestoreService.builder(store, new BlobBackupProvider(failing))
                .clock(clock).build();

        assertThatThrownBy(() -> failingService.backupMany(ids, "Order", packed(3)))
                .isInstanceOf(BulkBackupException.class)
                .hasMessageContaining("could not commit")
                .satisfies(e -> {
                    assertThat(e.getCause()).isSameAs(injected);
                    assertThat(((BulkBackupException) e).partialResult().successCount()).isZero();
                });

        assertThat(service.listBackups()).isEmpty();
        clock.advance(Duration.ofHours(2));
        CleanupReport report = service.cleanupExpiredBackups();
        assertThat(blobs.keys()).noneMatch(k -> k.startsWith("packs/"));
        assertThat(report.packs().unfinishedRuns()).isZero(); // the run removed its own packs on close
    }

    @Test
    void aRunKilledBeforeItsCommitLeavesPacksThatNoLookupSeesAndCleanUpRemovesAfterTheGrace() {
        List<String> ids = createAggregates();
        BlobBackupProvider provider = (BlobBackupProvider) service.provider();
        PackRun run = provider.startPackRun(UUID.randomUUID(), SMALL);
        BackupOperation op = new BackupOperation(store, provider, null, clock, UUID::randomUUID, Duration.ofHours(1),
                "test");
        List<BackupHandle> written = new ArrayList<>();
        for (String id : ids.subList(0, 60)) {
            written.add(op.backupInto(run, "Order", id, BackupOptions.DEFAULT));
        }
        // killed: neither commit nor close; the packs that filled up have their data and index written
        assertThat(blobs.keys()).anyMatch(k -> k.endsWith(".index"));
        for (BackupHandle h : written) {
            assertThat(service.getBackup(h.backupId())).isEmpty();
        }
        assertThat(service.listBackups()).isEmpty();

        assertThat(service.cleanupExpiredBackups().packs().unfinishedRuns()).as("within the grace").isZero();
        clock.advance(Duration.ofHours(2));
        CleanupReport report = service.cleanupExpiredBackups();

        assertThat(report.packs().unfinishedRuns()).isOne();
        assertThat(blobs.keys()).noneMatch(k -> k.startsWith("packs/") && !k.endsWith(".pack"));
        run.close(); // what a killed process would not do: this JVM's upload threads end
    }

    @Test
    void aRunThatOutlivesTheGraceAndLosesAPackToACleanUpRefusesToCommitRatherThanLoseIt() {
        List<String> ids = createAggregates();
        BlobBackupProvider provider = (BlobBackupProvider) service.provider();
        BackupOperation op = new BackupOperation(store, provider, null, clock, UUID::randomUUID, Duration.ofHours(1),
                "test");
        PackRun run = provider.startPackRun(UUID.randomUUID(), SMALL);
        for (String id : ids.subList(0, 30)) {
            op.backupInto(run, "Order", id, BackupOptions.DEFAULT); // the first pack fills and is closed
        }
        clock.advance(Duration.ofHours(2)); // a slow run: its closed pack is now older than the grace period
        assertThat(service.cleanupExpiredBackups().packs().unfinishedRuns()).isOne();
        op.backupInto(run, "Order", ids.get(30), BackupOptions.DEFAULT);

        assertThatThrownBy(run::commit).isInstanceOf(io.esbackup.error.NotFoundException.class)
                .hasMessageContaining("vanished before the run committed");
        run.close();
        assertThat(service.listBackups()).isEmpty();
        assertThat(blobs.keys()).noneMatch(k -> k.endsWith("/run.json"));
    }

    @Test
    void aFailedPackWriteFailsTheRunWithTheInjectedFailureAndCommitsNothing() {
        List<String> ids = createAggregates();
        faults.failOnCall(BlobOp.WRITE, 1, 2, 3, 4, 5, 6, 7, 8);

        assertThatThrownBy(() -> service.backupMany(ids, "Order", packed(2)))
                .isInstanceOf(BulkBackupException.class)
                .satisfies(e -> Injected.assertInjected(faults, e.getCause(), "the run's failure"));

        faults.heal();
        assertThat(service.listBackups()).isEmpty();
        assertThat(blobs.keys()).noneMatch(k -> k.endsWith("/run.json"));
    }

    @Test
    void aFailedAggregateLeavesItsPlaceEmptyAndTheOthersCommit() {
        List<String> ids = new ArrayList<>(createAggregates());
        ids.add(10, "missing-aggregate");

        BulkBackupResult result = service.backupMany(ids, "Order", packed(3));

        assertThat(result.successCount()).isEqualTo(AGGREGATES);
        assertThat(result.failedBackups()).singleElement()
                .satisfies(f -> assertThat(f.objectId()).isEqualTo("missing-aggregate"));
        assertThat(service.listBackups()).hasSize(AGGREGATES);
        assertThat(service.validateAll().filter(ValidationReport::valid).count()).isEqualTo(AGGREGATES);
    }

    @Test
    void deleteHidesAPackedEntryAtOnceAndCleanUpReclaimsAPackWhenNoneOfItsEntriesIsLive() {
        List<String> ids = createAggregates();
        List<BackupHandle> made = service.backupMany(ids, "Order", packed(1)).successfulBackups();
        // one worker: entries 0..24 are the first pack
        Map<String, List<BackupHandle>> byPack = made.stream().collect(Collectors.groupingBy(
                h -> h.location().substring(0, h.location().indexOf('#'))));
        String firstPack = made.get(0).location().substring(0, made.get(0).location().indexOf('#'));
        List<BackupHandle> first = byPack.get(firstPack);
        assertThat(first).hasSize(25);

        assertThat(service.deleteBackup(first.get(0).backupId())).isTrue();
        assertThat(service.getBackup(first.get(0).backupId())).isEmpty();
        assertThat(service.listBackups()).hasSize(AGGREGATES - 1);
        assertThat(service.cleanupExpiredBackups().packs().packsReclaimed()).as("24 entries still live").isZero();
        assertThat(blobs.keys()).contains(firstPack);

        first.subList(1, 25).forEach(h -> service.deleteBackup(h.backupId()));
        CleanupReport report = service.cleanupExpiredBackups();

        assertThat(report.packs().packsReclaimed()).isOne();
        assertThat(report.packs().bytesReclaimed()).isPositive();
        assertThat(blobs.keys()).doesNotContain(firstPack, firstPack.replace(".pack", ".index"));
        assertThat(blobs.keys()).noneMatch(k -> k.contains("/deleted/") && first.stream()
                .anyMatch(h -> k.endsWith(h.backupId().toString())));
        assertThat(service.listBackups()).hasSize(AGGREGATES - 25);
        BackupHandle other = made.get(60);
        assertThat(service.validateBackup(other.backupId()).valid()).isTrue();
    }

    @Test
    void expiredPackedEntriesAreDeletedAndTheirPacksAndRunReclaimed() {
        List<String> ids = createAggregates();
        service.backupMany(ids, "Order", BulkBackupOptions.builder().pack(true).packLimits(SMALL)
                .retention(Duration.ofDays(1)).build());
        clock.advance(Duration.ofDays(2));

        CleanupReport report = service.cleanupExpiredBackups();

        assertThat(report.expired()).hasSize(AGGREGATES);
        assertThat(report.packs().packsReclaimed()).isGreaterThanOrEqualTo(AGGREGATES / 25);
        assertThat(blobs.keys()).noneMatch(k -> k.startsWith("packs/"));
    }

    @Test
    void aDamagedArchiveInAPackFailsValidationOfThatBackupOnlyAndANewerIndexIsRefusedByName() {
        List<String> ids = createAggregates();
        List<BackupHandle> made = service.backupMany(ids, "Order", packed(1)).successfulBackups();
        BackupHandle victim = made.get(3);
        String pack = victim.location().substring(0, victim.location().indexOf('#'));
        BlobPacks.Found entry = new BlobPacks(blobs).find(PackedId.of(victim.backupId()).orElseThrow()).orElseThrow();
        byte[] bytes = blobs.readAllBytes(pack).orElseThrow();
        bytes[(int) (entry.slot().archiveOffset() + entry.slot().archiveLength() / 2)] ^= 0x55;
        blobs.write(pack, io.esbackup.blob.WriteCondition.overwrite(), bytes);

        assertThat(service.validateBackup(victim.backupId()).valid()).isFalse();
        assertThat(service.validateBackup(made.get(4).backupId()).valid()).isTrue();
        assertThatThrownBy(() -> service.restoreToNewStream(service.requireBackup(victim.backupId()), "x-1"))
                .isInstanceOf(io.esbackup.error.BackupCorruptedException.class);

        String index = pack.replace(".pack", ".index");
        byte[] idx = blobs.readAllBytes(index).orElseThrow();
        idx[11] = 3; // the format version's last byte
        blobs.write(index, io.esbackup.blob.WriteCondition.overwrite(), idx);
        BackupRestoreService fresh = BackupRestoreService.builder(store, new BlobBackupProvider(blobs)).build();
        assertThatThrownBy(() -> fresh.getBackup(made.get(4).backupId()))
                .isInstanceOf(io.esbackup.error.BackupCorruptedException.class)
                .hasMessageContaining("pack index").hasMessageContaining("format version 3")
                .hasMessageContaining("reads pack indexes of version 2");
        assertThat(fresh.listBackups()).as("the other packs' backups are still listed")
                .hasSize(AGGREGATES - 25);
    }

    @Test
    void anIncrementalPackedRunWritesOnlyTheChangedAsDeltasOfPackedParentsWhoseChainsRestoreWhole() {
        List<String> ids = createAggregates();
        BulkBackupOptions incrementalPacked = BulkBackupOptions.builder().pack(true).packLimits(SMALL)
                .maxConcurrency(3).incremental(true).build();
        BulkBackupResult first = service.backupMany(ids, "Order", incrementalPacked);
        assertThat(first.successCount()).isEqualTo(AGGREGATES);
        assertThat(first.unchangedCount()).isZero();
        List<String> changed = new ArrayList<>();
        for (int i = 3; i < AGGREGATES; i += 10) {
            String id = ids.get(i);
            ObjectDocument doc = Streams.document(store, "Order", id);
            if (doc.active().chunked() || doc.active().currentStreamVersion() < 5) {
                continue; // backed up in full (chunked, or a delta would be most of the stream)
            }
            io.esbackup.model.StreamInformation s = store.appendEvents("Order", doc.active(),
                    io.esbackup.model.StreamHeader.of("Order", id),
                    Streams.events(doc.active().currentStreamVersion() + 1, 2));
            store.writeDocument(doc.withActive(s), store.readDocument("Order", id).orElseThrow().etag());
            changed.add(id);
        }
        long runsBefore = blobs.keys().stream().filter(k -> k.endsWith("/run.json")).count();

        BulkBackupResult second = service.backupMany(ids, "Order", incrementalPacked);

        assertThat(second.successCount()).as("%s", second.failedBackups()).isEqualTo(AGGREGATES);
        long chunked = AGGREGATES / 5; // every fifth is chunked, and a chunked stream is always backed up in full
        assertThat(second.unchangedCount()).isEqualTo(AGGREGATES - changed.size() - chunked);
        assertThat(blobs.keys().stream().filter(k -> k.endsWith("/run.json")).count()).isEqualTo(runsBefore + 1);
        InMemoryEventStore target = new InMemoryEventStore();
        BackupRestoreService restorer = BackupRestoreService.builder(target, service.provider()).clock(clock).build();
        for (BackupHandle h : second.successfulBackups()) {
            if (!changed.contains(h.objectId())) {
                assertThat(h.unchanged()).isEqualTo(!Streams.document(store, "Order", h.objectId()).active().chunked());
                continue;
            }
            BackupHandle delta = service.requireBackup(h.backupId());
            assertThat(delta.manifest().isDelta()).as(h.objectId()).isTrue();
            assertThat(PackedId.of(UUID.fromString(delta.manifest().parentBackupId()))).as("a packed parent")
                    .isPresent();
            assertThat(service.validateBackup(h.backupId()).problems()).isEmpty();
            restorer.restoreStream(delta);
            ObjectDocument live = Streams.document(store, "Order", h.objectId());
            assertThat(Streams.readAll(target, "Order", Streams.document(target, "Order", h.objectId()).active()))
                    .isEqualTo(Streams.readAll(store, "Order", live.active()));
            assertThatThrownBy(() -> service.deleteBackup(UUID.fromString(delta.manifest().parentBackupId())))
                    .as("a packed parent of a live delta").isInstanceOf(io.esbackup.error.ConflictException.class);
        }
    }

    @Test
    void packedIdsRoundTripAndRandomIdsNeverLookPacked() {
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            PackedId id = new PackedId(r.nextLong() & PackedId.MAX_RUN, r.nextInt(PackedId.MAX_PACK + 1),
                    r.nextLong() & PackedId.MAX_ORDINAL);
            UUID uuid = id.toUuid();
            assertThat(uuid.version()).isEqualTo(8);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(PackedId.of(uuid)).hasValue(id);
            assertThat(PackedId.of(UUID.fromString(uuid.toString()))).hasValue(id);
            assertThat(PackedId.of(UUID.randomUUID())).isEmpty();
        }
    }

    /** Remembers the keys written, and which were read whole (not by range). */
    static final class CountingBlobs extends ForwardingBlobStore {
        final Map<String, AtomicInteger> wholeReads = new ConcurrentHashMap<>();

        CountingBlobs(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<Blob> read(String key) {
            wholeReads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return super.read(key);
        }

        Set<String> keys() {
            try (Stream<BlobInfo> all = list("")) {
                return all.map(BlobInfo::key).collect(Collectors.toSet());
            }
        }
    }
}
