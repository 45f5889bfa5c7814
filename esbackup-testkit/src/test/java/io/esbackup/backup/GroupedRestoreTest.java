package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.FileEventStore;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk restores into a store that commits in groups ({@link RestoreGroup}: a local folder): every item still
 * has its own outcome, restores a group cannot take run on their own, a run without continue-on-error starts
 * nothing after its first failure, and a failed commit fails exactly the restores that depended on it.
 */
class GroupedRestoreTest {
    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");
    private static final String NAME = "Order";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryBlobStore backupBlobs = new InMemoryBlobStore(clock);
    private final InMemoryEventStore source = new InMemoryEventStore();
    private final BackupRestoreService sources = BackupRestoreService.builder(source,
            new BlobBackupProvider(backupBlobs)).clock(clock).build();
    private final Map<String, List<Event>> backedUp = new LinkedHashMap<>();

    private BackupHandle backUp(String id, int events, boolean withTerminated) {
        ObjectDocument doc = Streams.create(source, NAME, id, events, null, 1);
        if (withTerminated) {
            Streams.addTerminated(source, doc, id.replace("-", "") + "-old", 2);
        }
        backedUp.put(id, Streams.readAll(source, NAME, doc.active()));
        return sources.backupStream(NAME, id, BackupOptions.FULL);
    }

    private BackupRestoreService into(BlobEventStore store) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(backupBlobs)).clock(clock).build();
    }

    private void assertRestored(BlobEventStore store, String id) {
        assertThat(Streams.readAll(store, NAME, Streams.document(store, NAME, id).active())).as(id)
                .isEqualTo(backedUp.get(id));
    }

    @Test
    void aFolderStoreRestoresInGroupsWithAnOutcomePerItem() {
        List<BackupHandle> handles = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            handles.add(backUp("o-" + i, 3 + i, i == 4));
        }
        BackupHandle ghost = new BackupHandle(UUID.randomUUID(), NAME, "o-x", 1, START, handles.get(0).location(),
                handles.get(0).manifest());
        handles.add(5, ghost);
        FileEventStore store = new FileEventStore(tmp.resolve("store"));
        Streams.create(store, NAME, "o-2", 4, null); // replaced by the restore

        BulkRestoreResult result = into(store).restoreMany(handles, BulkRestoreOptions.builder().overwrite(true)
                .maxConcurrency(2).build());

        assertThat(result.totalProcessed()).isEqualTo(10);
        assertThat(result.successCount()).isEqualTo(9);
        assertThat(result.failedRestores()).singleElement().satisfies(f -> {
            assertThat(f.backupId()).isEqualTo(ghost.backupId());
            assertThat(f.exception()).isInstanceOf(BackupNotFoundException.class);
        });
        for (int i = 0; i < 9; i++) {
            assertRestored(store, "o-" + i);
        }
        // o-4 has a terminated stream to restore: it ran on its own, and has it.
        assertThat(Streams.document(store, NAME, "o-4").terminatedStreams()).extracting(t -> t.streamIdentifier())
                .contains("o4-old");
        assertThat(Streams.document(store, NAME, "o-2").terminatedStreams()).extracting(t -> t.streamIdentifier())
                .containsExactly("o2-0000000000");
        assertThat(KilledRuns.journal(store)).isEmpty();
        java.util.Set<String> referenced = new java.util.HashSet<>();
        for (int i = 0; i < 9; i++) {
            referenced.addAll(StoredStreams.referencedBy(Streams.document(store, NAME, "o-" + i)));
        }
        assertThat(StoredStreams.onDisk(new LocalBlobStore(tmp.resolve("store")), "order"))
                .as("every stream written is named by a document").hasSize(11).isEqualTo(referenced);
    }

    @Test
    void withoutContinueOnErrorAGroupStartsNothingAfterItsFirstFailure() {
        List<BackupHandle> handles = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            handles.add(backUp("o-" + i, 3, false));
        }
        FileEventStore store = new FileEventStore(tmp.resolve("store"));
        Streams.create(store, NAME, "o-1", 2, null); // live, and no overwrite: its restore fails

        assertThatThrownBy(() -> into(store).restoreMany(handles, BulkRestoreOptions.builder().maxConcurrency(1)
                .continueOnError(false).build())).isInstanceOfSatisfying(BulkRestoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BulkStop.FAILED);
                    assertThat(e.getCause()).isInstanceOf(io.esbackup.error.StreamAlreadyExistsException.class);
                    assertThat(e.partialResult().totalProcessed()).isEqualTo(2);
                    assertThat(e.partialResult().successCount()).isEqualTo(1);
                });
        assertRestored(store, "o-0");
        assertThat(store.readDocument(NAME, "o-2")).isEmpty();
        assertThat(store.readDocument(NAME, "o-3")).isEmpty();
        assertThat(KilledRuns.journal(store)).isEmpty();
    }

    /** A store in memory that commits in groups, whose storage fails its {@code n}-th write from now. */
    private record Faulty(FaultyBlobStore faults, CrashableBlobStore disk, BlobEventStore store) {}

    private Faulty faultyStore() {
        FaultyBlobStore faults = new FaultyBlobStore(new InMemoryBlobStore(clock), 3);
        CrashableBlobStore disk = new CrashableBlobStore(faults);
        BlobEventStore store = new BlobEventStore(disk);
        Streams.create(store, NAME, "o-0", 2, null);
        return new Faulty(faults, disk, store);
    }

    @Test
    void aFailedFirstCommitFailsEveryRestoreOfTheGroupWithItAndLeavesNothing() {
        List<BackupHandle> handles = List.of(backUp("o-0", 3, false), backUp("o-1", 4, false));
        Faulty f = faultyStore();
        ObjectDocument before = Streams.document(f.store(), NAME, "o-0");
        // The journal entry, two streams of two blobs each, then the commit.
        f.faults().failOnCall(BlobOp.WRITE, f.faults().calls(BlobOp.WRITE) + 6);

        BulkRestoreResult result = into(f.store()).restoreMany(handles, BulkRestoreOptions.builder().overwrite(true)
                .maxConcurrency(1).build());

        assertThat(result.failureCount()).isEqualTo(2);
        assertThat(result.failedRestores()).allSatisfy(r ->
                Injected.assertInjected(f.faults(), r.exception(), "the first commit"));
        assertThat(Streams.document(f.store(), NAME, "o-0")).isEqualTo(before);
        assertThat(f.store().readDocument(NAME, "o-1")).isEmpty();
        assertThat(StoredStreams.onDisk(f.faults(), "order")).containsExactly("o0-0000000000");
        assertThat(KilledRuns.journal(f.store())).as("the group cleaned up after itself").isEmpty();
    }

    @Test
    void aFailedLastCommitFailsTheSwappedRestoresAndLeavesTheEntryForTheCleanUp() {
        List<BackupHandle> handles = List.of(backUp("o-0", 3, false), backUp("o-1", 4, false));
        Faulty f = faultyStore();
        // The journal entry, two streams of two blobs each, the commit, the entry's update, two documents, then
        // the last commit.
        f.faults().failOnCall(BlobOp.WRITE, f.faults().calls(BlobOp.WRITE) + 10);

        BulkRestoreResult result = into(f.store()).restoreMany(handles, BulkRestoreOptions.builder().overwrite(true)
                .maxConcurrency(1).build());

        assertThat(result.failureCount()).isEqualTo(2);
        assertThat(result.failedRestores()).allSatisfy(r ->
                Injected.assertInjected(f.faults(), r.exception(), "the last commit"));
        // Swapped and visible, but not known to be durable: reported failed, and the entry stays.
        assertRestored(f.store(), "o-0");
        assertRestored(f.store(), "o-1");
        assertThat(KilledRuns.journal(f.store())).hasSize(1);
        clock.advance(BackupRestoreService.DEFAULT_UNFINISHED_GRACE.plusSeconds(1));
        CleanupReport report = into(f.store()).cleanupExpiredBackups(false);
        assertThat(report.abandonedRestores()).extracting(AbandonedRestore::objectId).containsExactly("o-0", "o-1");
        assertThat(report.orphanStreamsDeleted()).as("the documents name the streams").isZero();
        assertThat(KilledRuns.journal(f.store())).isEmpty();
        assertRestored(f.store(), "o-0");
    }

}
