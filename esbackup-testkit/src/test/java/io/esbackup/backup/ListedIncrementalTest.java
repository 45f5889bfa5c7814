package io.esbackup.backup;

import static io.esbackup.backup.Streams.create;
import static io.esbackup.backup.Streams.events;
import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.StorageException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventStore;
import io.esbackup.store.StoredDocument;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An incremental bulk run over a store that lists its documents and streams ({@code StreamFingerprints}) reads
 * nothing of an aggregate the listing shows as its parent recorded it, and reads (then decides as before) every
 * aggregate whose document or stream was written since, or whose parent cannot be judged from a listing.
 */
class ListedIncrementalTest {
    static final int AGGREGATES = 12;
    static final BulkBackupOptions INCREMENTAL = incremental().build();

    static BulkBackupOptions.Builder incremental() {
        return BulkBackupOptions.builder().incremental(true);
    }

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final CountingBlobs storeBlobs = new CountingBlobs(new InMemoryBlobStore());
    final EventStore store = new BlobEventStore(storeBlobs);
    final InMemoryBlobStore backups = new InMemoryBlobStore();

    /** The store's blob store, recording every key read or stat'ed and failing listings where asked. */
    static final class CountingBlobs extends ForwardingBlobStore {
        final List<String> reads = new CopyOnWriteArrayList<>();
        final List<String> listed = new CopyOnWriteArrayList<>();
        /** Every key a listing handed out, by the prefix listed: what was walked, not only asked for. */
        final List<String> keysListed = new CopyOnWriteArrayList<>();
        final Set<String> failListingsOf = ConcurrentHashMap.newKeySet();
        final List<StorageException> injected = new CopyOnWriteArrayList<>();

        CountingBlobs(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<Blob> read(String key) {
            reads.add(key);
            return super.read(key);
        }

        @Override
        public Optional<Blob> readRange(String key, long offset, long length) {
            reads.add(key);
            return super.readRange(key, offset, length);
        }

        @Override
        public Optional<BlobInfo> stat(String key) {
            reads.add(key);
            return super.stat(key);
        }

        @Override
        public Stream<BlobInfo> list(String prefix) {
            listed.add(prefix);
            if (failListingsOf.contains(prefix)) {
                StorageException e = new StorageException("listing " + prefix, new IOException("injected"));
                injected.add(e);
                throw e;
            }
            return super.list(prefix).peek(b -> keysListed.add(b.key()));
        }

        /** The aggregates (object ids {@code o-N}) whose document or stream was read or stat'ed. */
        Set<String> aggregatesRead() {
            return reads.stream().map(ListedIncrementalTest::aggregateOf).flatMap(Optional::stream)
                    .collect(Collectors.toSet());
        }
    }

    /** {@code o-3} from {@code object-document-store/Order/o-3.json} or {@code order/o3-0000000000.json}. */
    static Optional<String> aggregateOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (name.startsWith("o-")) {
            return Optional.of(name.substring(0, name.length() - ".json".length()));
        }
        if (name.startsWith("o") && name.contains("-")) {
            return Optional.of("o-" + name.substring(1, name.indexOf('-')));
        }
        return Optional.empty();
    }

    BackupRestoreService service(BackupProvider provider) {
        return BackupRestoreService.builder(store, provider).clock(clock).build();
    }

    BackupRestoreService service() {
        return service(new BlobBackupProvider(backups));
    }

    void createAll() {
        for (int i = 0; i < AGGREGATES; i++) {
            create(store, "Order", "o-" + i, 5 + i, null);
        }
    }

    BulkBackupResult run(BackupRestoreService service, BulkBackupOptions options) {
        clock.advance(Duration.ofMinutes(1));
        storeBlobs.reads.clear();
        storeBlobs.listed.clear();
        storeBlobs.keysListed.clear();
        BulkBackupResult r = service.backupAll("Order", options);
        assertThat(r.isFullySuccessful()).as("every aggregate backed up: %s", r.failedBackups()).isTrue();
        return r;
    }

    static Map<String, BackupHandle> byAggregate(BulkBackupResult r) {
        return r.successfulBackups().stream().collect(Collectors.toMap(BackupHandle::objectId, Function.identity()));
    }

    void append(String id, int count) {
        StoredDocument stored = store.readDocument("Order", id).orElseThrow();
        StreamInformation active = stored.document().active();
        StreamInformation s = store.appendEvents("Order", active, StreamHeader.of("Order", id),
                events(active.currentStreamVersion() + 1, count));
        store.writeDocument(stored.document().withActive(s), stored.etag());
    }

    /** Events at versions {@code 0..count-1} other than {@link Streams#event}'s. */
    static Iterator<Event> rewritten(int count) {
        return IntStream.range(0, count).mapToObj(v -> new Event("OrderLineMigrated", v, 1, null, null, Map.of(),
                "{\"price\":11.00,\"qty\":" + v + "}", "2024-03-02T10:00:00Z", Map.of())).iterator();
    }

    @ParameterizedTest(name = "pack={0}")
    @ValueSource(booleans = {false, true})
    void aSecondRunReadsNothingOfTheUnchangedAndAnswersTheirParents(boolean pack) {
        createAll();
        BackupRestoreService service = service();
        BulkBackupOptions options = incremental().pack(pack).build();
        BulkBackupResult first = run(service, options);
        assertThat(first.successfulBackups()).allSatisfy(h -> assertThat(h.manifest().chain().documentEtag())
                .as("the document's ETag is recorded").isEqualTo(store.readDocument("Order", h.objectId())
                        .orElseThrow().etag()));

        BulkBackupResult second = run(service, options);

        assertThat(storeBlobs.aggregatesRead()).as("no document or stream read or stat'ed").isEmpty();
        assertThat(storeBlobs.keysListed).as("the documents are walked once: the run takes its ids from that listing")
                .filteredOn(k -> k.startsWith("object-document-store/Order/")).hasSize(AGGREGATES)
                .doesNotHaveDuplicates();
        assertThat(second.unchangedCount()).isEqualTo(AGGREGATES);
        Map<String, BackupHandle> before = byAggregate(first);
        assertThat(second.successfulBackups()).hasSize(AGGREGATES).allSatisfy(h -> {
            assertThat(h.unchanged()).isTrue();
            assertThat(h.backupId()).isEqualTo(before.get(h.objectId()).backupId());
        });
    }

    @Test
    void anAppendedAggregateIsReadAndGetsADeltaTheOthersAreNotRead() {
        createAll();
        BackupRestoreService service = service();
        BulkBackupResult first = run(service, INCREMENTAL);
        append("o-3", 2);

        BulkBackupResult second = run(service, INCREMENTAL);

        assertThat(storeBlobs.aggregatesRead()).containsExactly("o-3");
        assertThat(second.unchangedCount()).isEqualTo(AGGREGATES - 1);
        BackupHandle delta = byAggregate(second).get("o-3");
        assertThat(delta.unchanged()).isFalse();
        assertThat(delta.parentBackupId()).isEqualTo(byAggregate(first).get("o-3").backupId().toString());
        assertThat(delta.eventCount()).isEqualTo(2);
    }

    @Test
    void aStreamRewrittenInPlaceIsReadAndItsNewEventsBackedUpInFull() {
        createAll();
        BackupRestoreService service = service();
        BulkBackupResult first = run(service, INCREMENTAL);
        // o-4: the same bytes written again (a new ETag, nothing changed); o-5: its events replaced by others
        // at the same versions, the document untouched, as a migration that rewrites a stream in place does.
        String sameKey = ((BlobEventStore) store).streamKey("Order", "o4-0000000000");
        byte[] same = storeBlobs.readAllBytes(sameKey).orElseThrow();
        storeBlobs.write(sameKey, WriteCondition.overwrite(), same);
        ObjectDocument five = store.readDocument("Order", "o-5").orElseThrow().document();
        String fiveKey = ((BlobEventStore) store).streamKey("Order", five.active().streamIdentifier());
        store.deleteStream("Order", five.active().streamIdentifier());
        store.appendEvents("Order", StreamInformation.empty(five.active().streamIdentifier(), "blob"),
                StreamHeader.of("Order", "o-5"), rewritten(five.active().currentStreamVersion() + 1));
        assertThat(storeBlobs.stat(fiveKey)).isPresent();

        BulkBackupResult second = run(service, INCREMENTAL);

        assertThat(storeBlobs.aggregatesRead()).containsExactlyInAnyOrder("o-4", "o-5");
        Map<String, BackupHandle> now = byAggregate(second);
        assertThat(now.get("o-4").unchanged()).as("same bytes: unchanged, once read").isTrue();
        assertThat(now.get("o-4").backupId()).isEqualTo(byAggregate(first).get("o-4").backupId());
        assertThat(now.get("o-5").unchanged()).isFalse();
        assertThat(now.get("o-5").parentBackupId()).as("rewritten: a full backup").isNull();
        assertThat(second.unchangedCount()).isEqualTo(AGGREGATES - 1);
    }

    @Test
    void aDocumentWrittenAgainUnchangedIsReadAndStillUnchanged() {
        createAll();
        BackupRestoreService service = service();
        run(service, INCREMENTAL);
        StoredDocument six = store.readDocument("Order", "o-6").orElseThrow();
        store.writeDocument(six.document(), six.etag());
        long blobs = backups.list("").count();

        BulkBackupResult second = run(service, INCREMENTAL);

        assertThat(storeBlobs.aggregatesRead()).containsExactly("o-6");
        assertThat(second.unchangedCount()).isEqualTo(AGGREGATES);
        assertThat(backups.list("").count()).as("nothing written").isEqualTo(blobs);
    }

    @Test
    void eventsAppendedWhoseDocumentIsNotWrittenYetAreReadAndTheAggregateStillUnchanged() {
        createAll();
        BackupRestoreService service = service();
        run(service, INCREMENTAL);
        // A writer between its two steps: the events are in the stream, the document does not point at them yet.
        StreamInformation active = store.readDocument("Order", "o-2").orElseThrow().document().active();
        store.appendEvents("Order", active, StreamHeader.of("Order", "o-2"),
                events(active.currentStreamVersion() + 1, 2));

        BulkBackupResult second = run(service, INCREMENTAL);

        assertThat(storeBlobs.aggregatesRead()).containsExactly("o-2");
        assertThat(second.unchangedCount()).isEqualTo(AGGREGATES);
    }

    @Test
    void aChunkedAggregateIsReadEveryRunSinceItsChunksAreNotItsStream() {
        create(store, "Order", "o-0", 7, 2);
        create(store, "Order", "o-1", 3, null);
        BackupRestoreService service = service();
        run(service, INCREMENTAL);

        BulkBackupResult second = run(service, INCREMENTAL);

        assertThat(storeBlobs.aggregatesRead()).containsExactly("o-0");
        assertThat(second.unchangedCount()).isEqualTo(1);
    }

    @Test
    void onceTheKeptResultsAreFullTheUnchangedAreCountedWithoutReadingTheirParents() {
        createAll();
        CountingProvider provider = new CountingProvider(new BlobBackupProvider(backups));
        BackupRestoreService service = service(provider);
        run(service, INCREMENTAL);
        provider.findManifest.set(0);

        BulkBackupResult second = run(service, incremental().maxResultsKept(3).build());

        assertThat(second.unchangedCount()).isEqualTo(AGGREGATES);
        assertThat(second.successCount()).isEqualTo(AGGREGATES);
        assertThat(second.successfulBackups()).hasSize(3).allSatisfy(h -> assertThat(h.unchanged()).isTrue());
        assertThat(second.truncated()).isTrue();
        assertThat(provider.findManifest.get()).as("parents read: only those of the kept results")
                .isBetween(3, 3 + BulkLimits.DEFAULT_CONCURRENCY);
        assertThat(storeBlobs.aggregatesRead()).isEmpty();
    }

    @Test
    void aParentThatExpiresWithinADayIsConfirmedByReadingTheAggregate() {
        createAll();
        BackupRestoreService service = service();
        run(service, incremental().retention(Duration.ofHours(30)).build());
        clock.advance(Duration.ofHours(8)); // 22 hours left: less than a day

        BulkBackupResult second = run(service, INCREMENTAL);

        assertThat(storeBlobs.aggregatesRead()).hasSize(AGGREGATES);
        assertThat(second.unchangedCount()).isEqualTo(AGGREGATES);
    }

    @Test
    void withARegistryEachAggregateIsReadSinceTheRegistryMayListADeletedBackup() {
        createAll();
        BackupRestoreService service = BackupRestoreService.builder(store, new BlobBackupProvider(backups))
                .registry(new InMemoryBackupRegistry()).clock(clock).build();
        run(service, INCREMENTAL);

        BulkBackupResult second = run(service, INCREMENTAL);

        assertThat(storeBlobs.aggregatesRead()).hasSize(AGGREGATES);
        assertThat(storeBlobs.listed).as("the events are not listed for nothing").doesNotContain("order/");
        assertThat(second.unchangedCount()).isEqualTo(AGGREGATES);
    }

    @Test
    void aParentThatExpiresLaterThanADayIsJudgedFromTheListing() {
        createAll();
        BackupRestoreService service = service();
        run(service, incremental().retention(Duration.ofHours(30)).build());
        clock.advance(Duration.ofHours(4)); // 26 hours left

        BulkBackupResult second = run(service, INCREMENTAL);

        assertThat(storeBlobs.aggregatesRead()).isEmpty();
        assertThat(second.unchangedCount()).isEqualTo(AGGREGATES);
    }

    @Test
    void aRunOverGivenIdsReadsThemAndListsNothing() {
        createAll();
        BackupRestoreService service = service();
        run(service, INCREMENTAL);
        storeBlobs.reads.clear();
        storeBlobs.listed.clear();

        BulkBackupResult second = service.backupMany(List.of("o-1", "o-2"), "Order", INCREMENTAL);

        assertThat(storeBlobs.listed).isEmpty();
        assertThat(storeBlobs.aggregatesRead()).containsExactlyInAnyOrder("o-1", "o-2");
        assertThat(second.unchangedCount()).isEqualTo(2);
    }

    @Test
    void aListingThatFailsCostsReadsNotTheRun() {
        createAll();
        BackupRestoreService service = service();
        run(service, INCREMENTAL);
        storeBlobs.failListingsOf.add("order/");

        BulkBackupResult second = run(service, INCREMENTAL);

        assertThat(storeBlobs.injected).as("the listing was tried and failed as injected").hasSize(1);
        assertThat(storeBlobs.aggregatesRead()).hasSize(AGGREGATES);
        assertThat(second.unchangedCount()).isEqualTo(AGGREGATES);
    }

    @Test
    void aBackupOfTheUnchangedStillRestoresTheAggregate() {
        createAll();
        BackupRestoreService service = service();
        run(service, INCREMENTAL);
        append("o-2", 3);
        BulkBackupResult second = run(service, INCREMENTAL);

        List<UUID> ids = new ArrayList<>();
        second.successfulBackups().forEach(h -> ids.add(h.backupId()));
        EventStore empty = new BlobEventStore(new InMemoryBlobStore());
        BackupRestoreService into = BackupRestoreService.builder(empty, new BlobBackupProvider(backups)).clock(clock)
                .build();
        BulkRestoreResult restored = into.restoreManyById(ids, BulkRestoreOptions.DEFAULT);

        assertThat(restored.isFullySuccessful()).isTrue();
        for (int i = 0; i < AGGREGATES; i++) {
            String id = "o-" + i;
            assertThat(empty.readDocument("Order", id).orElseThrow().document().active().currentStreamVersion())
                    .as(id).isEqualTo(store.readDocument("Order", id).orElseThrow().document().active()
                            .currentStreamVersion());
        }
    }
}
