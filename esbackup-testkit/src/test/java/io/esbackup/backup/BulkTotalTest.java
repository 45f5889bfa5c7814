package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BulkFixture.LazyInput;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.store.InMemoryEventStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The total in progress is the input's size when it has one (a collection, a sized stream) and -1 when it
 * does not (a generated iterable, a filtered stream); the percentage follows it.
 */
class BulkTotalTest {
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final BackupRestoreService service = new BackupRestoreService(store,
            new BlobBackupProvider(new InMemoryBlobStore()));
    private final List<String> ids = new ArrayList<>();

    BulkTotalTest() {
        for (int i = 0; i < 6; i++) {
            Streams.create(store, "Order", "o-" + i, 2, null);
            ids.add("o-" + i);
        }
        ids.add("missing-1");
    }

    private List<BulkBackupProgress> backUp(java.util.function.Function<BulkBackupOptions, BulkBackupResult> run) {
        List<BulkBackupProgress> progress = new ArrayList<>();
        BulkBackupResult result = run.apply(BulkBackupOptions.builder().maxConcurrency(3).onProgress(progress::add)
                .build());
        assertThat(result.totalProcessed()).isEqualTo(7);
        assertThat(progress).hasSize(7);
        return progress;
    }

    @Test
    void aListReportsItsSizeAndReaches100Percent() {
        List<BulkBackupProgress> progress = backUp(o -> service.backupMany(ids, "Order", o));

        assertThat(progress).extracting(BulkBackupProgress::totalStreams).containsOnly(7L);
        assertThat(progress).extracting(BulkBackupProgress::percentageComplete).isSorted()
                .startsWith(100.0 / 7).endsWith(100.0);
    }

    @Test
    void anyCollectionReportsItsSize() {
        Set<String> set = new LinkedHashSet<>(ids);
        List<BulkBackupProgress> progress = backUp(o -> service.backupMany(set, "Order", o));

        assertThat(progress).extracting(BulkBackupProgress::totalStreams).containsOnly(7L);
        assertThat(progress.get(6).percentageComplete()).isEqualTo(100.0);
    }

    @Test
    void aStreamOfKnownSizeReportsIt() {
        List<BulkBackupProgress> progress = backUp(o -> service.backupMany(ids.stream(), "Order", o));

        assertThat(progress).extracting(BulkBackupProgress::totalStreams).containsOnly(7L);
        assertThat(progress.get(6).percentageComplete()).isEqualTo(100.0);
    }

    @Test
    void aStreamOfUnknownSizeReportsMinusOneAndZeroPercent() {
        Stream<String> filtered = Stream.concat(ids.stream(), Stream.of("not-an-id"))
                .filter(id -> !id.startsWith("not-"));
        List<BulkBackupProgress> progress = backUp(o -> service.backupMany(filtered, "Order", o));

        assertThat(progress).extracting(BulkBackupProgress::totalStreams).containsOnly(-1L);
        assertThat(progress).extracting(BulkBackupProgress::percentageComplete).containsOnly(0.0);
        assertThat(progress.get(6).processedStreams()).isEqualTo(7);
    }

    @Test
    void aGeneratedIterableReportsMinusOneAndZeroPercentThroughTheLastItem() {
        LazyInput<String> lazy = new LazyInput<>(7, ids::get);
        List<BulkBackupProgress> progress = backUp(o -> service.backupMany(lazy, "Order", o));

        assertThat(progress).extracting(BulkBackupProgress::totalStreams).containsOnly(-1L);
        assertThat(progress).extracting(BulkBackupProgress::percentageComplete).containsOnly(0.0);
    }

    @Test
    void backupAllReportsTheListingsSizeOnlyIfTheStoreKnowsIt() {
        List<BulkBackupProgress> progress = new ArrayList<>();
        BulkBackupResult result = service.backupAll("Order", BulkBackupOptions.builder().onProgress(progress::add)
                .build());

        assertThat(result.totalProcessed()).isEqualTo(6);
        long expected;
        try (Stream<String> listing = store.listObjectIds("Order")) {
            expected = listing.spliterator().getExactSizeIfKnown();
        }
        assertThat(progress).extracting(BulkBackupProgress::totalStreams).containsOnly(expected);
    }

    @Test
    void restoreReportsTheSizeOfAListAndMinusOneForAGeneratedInput() {
        List<UUID> backups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            backups.add(service.backupStream("Order", "o-" + i).backupId());
        }
        List<BulkRestoreProgress> known = new ArrayList<>();
        List<BulkRestoreProgress> unknown = new ArrayList<>();
        List<BulkRestoreProgress> handles = new ArrayList<>();

        service.restoreManyById(backups, BulkRestoreOptions.builder().overwrite(true).onProgress(known::add)
                .build());
        service.restoreManyById(new LazyInput<>(3, backups::get), BulkRestoreOptions.builder().overwrite(true)
                .onProgress(unknown::add).build());
        service.restoreMany(backups.stream().map(service::requireBackup).toList(), BulkRestoreOptions.builder()
                .overwrite(true).onProgress(handles::add).build());

        assertThat(known).extracting(BulkRestoreProgress::totalBackups).containsOnly(3L);
        assertThat(known.get(2).percentageComplete()).isEqualTo(100.0);
        assertThat(handles).extracting(BulkRestoreProgress::totalBackups).containsOnly(3L);
        assertThat(unknown).extracting(BulkRestoreProgress::totalBackups).containsOnly(-1L);
        assertThat(unknown).extracting(BulkRestoreProgress::percentageComplete).containsOnly(0.0);
    }

    @Test
    void anEmptyInputReportsNothingAndSucceedsWithZeroCounts() {
        List<BulkBackupProgress> progress = new ArrayList<>();
        BulkBackupResult result = service.backupMany(List.of(), "Order", BulkBackupOptions.builder()
                .continueOnError(false).onProgress(progress::add).build());

        assertThat(progress).isEmpty();
        assertThat(result.totalProcessed()).isZero();
        assertThat(result.isFullySuccessful()).isTrue();
        assertThat(result.isFullyFailed()).isFalse();
        assertThat(result.isPartialSuccess()).isFalse();
        assertThat(new BulkBackupProgress(0, 0, 0, 0, null).percentageComplete()).isEqualTo(100.0);
    }
}
