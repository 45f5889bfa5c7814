package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.archive.Compression;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.ForwardingBlobStore;
import io.esbackup.blob.GroupCommit;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventStore;
import io.esbackup.store.FileEventStore;
import io.esbackup.store.InMemoryEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grouped bulk restores at their edges, each beside the same input restored one by one into a store without
 * {@link GroupCommit} (memory): two backups of one aggregate, a corrupt backup without continue-on-error, a
 * group that cannot begin, an archive that cannot be read, a failure after a restore's streams were written;
 * and where a group differs on purpose (progress per group, input taken a group ahead).
 */
class GroupedRestoreEdgeTest {
    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");
    private static final String NAME = "Order";

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryEventStore source = new InMemoryEventStore();

    private BackupRestoreService sources() {
        return BackupRestoreService.builder(source, new BlobBackupProvider(new LocalBlobStore(tmp.resolve("backups"))))
                .clock(clock).build();
    }

    private BackupRestoreService into(EventStore store) {
        return BackupRestoreService.builder(store, new BlobBackupProvider(new LocalBlobStore(tmp.resolve("backups"))))
                .clock(clock).build();
    }

    private BackupHandle backUp(String id, int events) {
        if (source.readDocument(NAME, id).isEmpty()) {
            Streams.create(source, NAME, id, events, null);
        }
        return sources().backupStream(NAME, id, BackupOptions.FULL.toBuilder().compression(Compression.NONE).build());
    }

    private Path archive(BackupHandle h) {
        return tmp.resolve("backups/backups/" + NAME + "/" + h.objectId() + "/" + h.backupId() + ".json");
    }


    /**
     * Two backups of one aggregate in one bulk call (an ids file listing an aggregate's full backups of two
     * days): restored one after the other with overwrite, as into memory; a group never names an aggregate
     * twice, so the second starts a new group. o-1 (a terminated stream) runs on its own in between.
     */
    @Test
    void twoBackupsOfOneAggregateInOneGroupRestoreLikeTheyDoOneByOne() {
        BackupHandle first = backUp("o-0", 3);
        BackupHandle second = backUp("o-0", 3);
        ObjectDocument o1 = Streams.create(source, NAME, "o-1", 3, null);
        Streams.addTerminated(source, o1, "o1-old", 2);
        BackupHandle alone = backUp("o-1", 3);
        List<BackupHandle> handles = List.of(first, alone, second);
        BulkRestoreOptions options = BulkRestoreOptions.builder().overwrite(true).maxConcurrency(1).build();

        BulkRestoreResult inMemory = into(new InMemoryEventStore()).restoreMany(handles, options);
        assertThat(inMemory.successCount()).as("into memory (no group commit)").isEqualTo(3);

        FileEventStore store = new FileEventStore(tmp.resolve("store"));
        BulkRestoreResult grouped = into(store).restoreMany(handles, options);

        assertThat(store.readDocument(NAME, "o-1")).as("o-1 ran on its own and was restored").isPresent();
        assertThat(grouped.failedRestores()).as("o-1 is restored, yet reported failed")
                .noneMatch(f -> f.backupId().equals(alone.backupId()));
        assertThat(grouped.failedRestores()).extracting(f -> f.exception().getClass().getSimpleName())
                .as("into a folder").isEmpty();
        assertThat(grouped.successCount()).isEqualTo(3);
    }

    /** A backup whose archive is cut in half: found corrupt while its events are read, after planning. */
    private BackupHandle truncated(String id) throws IOException {
        BackupHandle h = backUp(id, 50);
        byte[] bytes = Files.readAllBytes(archive(h));
        Files.write(archive(h), Arrays.copyOf(bytes, bytes.length / 2));
        return h;
    }

    /**
     * Without continue-on-error a bulk restore starts nothing after its first failure (BulkRestoreOptions:
     * "otherwise stop starting new work at the first one"). With one worker and a corrupt first backup, one
     * item is processed and nothing is restored, into memory and into a folder, where the corruption is
     * found while the group writes its streams.
     */
    @Test
    void withoutContinueOnErrorNothingStartsAfterACorruptBackup() throws IOException {
        List<BackupHandle> handles = List.of(truncated("o-0"), backUp("o-1", 3), backUp("o-2", 3));
        BulkRestoreOptions failFast = BulkRestoreOptions.builder().maxConcurrency(1).continueOnError(false).build();

        InMemoryEventStore memory = new InMemoryEventStore();
        assertThatThrownBy(() -> into(memory).restoreMany(handles, failFast))
                .isInstanceOfSatisfying(BulkRestoreException.class, e -> {
                    assertThat(e.getCause()).isInstanceOf(BackupCorruptedException.class);
                    assertThat(e.partialResult().totalProcessed()).as("into memory").isEqualTo(1);
                });
        assertThat(memory.readDocument(NAME, "o-1")).as("into memory").isEmpty();

        FileEventStore store = new FileEventStore(tmp.resolve("store"));
        assertThatThrownBy(() -> into(store).restoreMany(handles, failFast))
                .isInstanceOfSatisfying(BulkRestoreException.class, e -> {
                    assertThat(e.getCause()).isInstanceOf(BackupCorruptedException.class);
                    assertThat(e.partialResult().totalProcessed()).as("into a folder").isEqualTo(1);
                });
        assertThat(store.readDocument(NAME, "o-1")).as("started after the first failure").isEmpty();
        assertThat(store.readDocument(NAME, "o-2")).as("started after the first failure").isEmpty();
    }

    /**
     * Progress is told as each restore is known done: one by one into memory, and for a group once its last
     * commit is made, so every call of a group comes after all of it is restored (ARCHITECTURE.md, section 6a).
     */
    @Test
    void progressOfAGroupIsToldOnceTheGroupIsCommitted() {
        List<BackupHandle> handles = List.of(backUp("o-0", 3), backUp("o-1", 3), backUp("o-2", 3));
        Map<String, List<Boolean>> expected = Map.of("InMemoryEventStore", List.of(false, false, true),
                "FileEventStore", List.of(true, true, true));
        for (EventStore store : List.<EventStore>of(new InMemoryEventStore(), new FileEventStore(tmp.resolve("s")))) {
            List<Boolean> lastDoneAtCall = new ArrayList<>();
            into(store).restoreMany(handles, BulkRestoreOptions.builder().maxConcurrency(1)
                    .onProgress(p -> lastDoneAtCall.add(store.readDocument(NAME, "o-2").isPresent())).build());
            String kind = store.getClass().getSimpleName();
            assertThat(lastDoneAtCall).as("%s: was o-2 restored when each progress call came", kind)
                    .isEqualTo(expected.get(kind));
        }
    }

    /**
     * An input of unknown size is taken one item ahead of the outcomes into memory, and at most one group
     * ({@link RestoreGroup#MAX_SIZE}) ahead per worker into a folder: still never held whole.
     */
    @Test
    void anInputOfUnknownSizeIsTakenAtMostAGroupAheadOfTheOutcomes() {
        int ids = 200;
        Map<String, Integer> expected = Map.of("InMemoryEventStore", 1, "FileEventStore", RestoreGroup.MAX_SIZE);
        for (EventStore store : List.<EventStore>of(new InMemoryEventStore(), new FileEventStore(tmp.resolve("s")))) {
            AtomicInteger taken = new AtomicInteger();
            AtomicInteger reported = new AtomicInteger();
            AtomicInteger maxAhead = new AtomicInteger();
            Iterable<UUID> input = () -> new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return taken.get() < ids;
                }

                @Override
                public UUID next() {
                    maxAhead.accumulateAndGet(taken.incrementAndGet() - reported.get(), Math::max);
                    return UUID.randomUUID(); // unknown: fails at once, which keeps the run cheap
                }
            };
            BulkRestoreResult result = into(store).restoreManyById(input, BulkRestoreOptions.builder()
                    .maxConcurrency(1).onProgress(p -> reported.incrementAndGet()).build());
            String kind = store.getClass().getSimpleName();
            assertThat(result.failureCount()).isEqualTo(ids);
            assertThat(maxAhead.get()).as("%s: items taken ahead of the outcomes", kind).isEqualTo(expected.get(kind));
        }
    }

    /** Blob storage whose group commit cannot begin (a marker exception): the SPI allows begin to throw. */
    private static final class NoGroupToday extends ForwardingBlobStore implements GroupCommit {
        static final IllegalStateException INJECTED = new IllegalStateException("injected: begin failed");
        final AtomicBoolean begun = new AtomicBoolean();

        NoGroupToday(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public Group begin() {
            begun.set(true);
            throw INJECTED;
        }
    }

    /**
     * A group whose {@code begin} throws: every restore fails with that failure, and the group's journal
     * entry goes.
     */
    @Test
    void aGroupThatCannotBeginFailsItsRestoresWithThatFailure() {
        List<BackupHandle> handles = List.of(backUp("o-0", 3), backUp("o-1", 3));
        NoGroupToday blobs = new NoGroupToday(new InMemoryBlobStore(clock));
        BlobEventStore store = new BlobEventStore(blobs);

        BulkRestoreResult result = into(store).restoreMany(handles, BulkRestoreOptions.builder()
                .maxConcurrency(1).build());

        assertThat(blobs.begun).as("the grouped path ran").isTrue();
        for (String id : List.of("o-0", "o-1")) {
            boolean restored = store.readDocument(NAME, id).isPresent();
            boolean failedWithIt = result.failedRestores().stream().anyMatch(f -> f.exception() == NoGroupToday.INJECTED);
            assertThat(restored || failedWithIt).as("%s: restored, or failed with the injected failure; result %s",
                    id, result).isTrue();
        }
        assertThat(KilledRuns.journal(store)).as("journal entries left behind").isEmpty();
    }

    /**
     * A backup whose archive is not an archive at all, restored over a live aggregate: on its own, and into
     * memory, it fails with BackupCorruptedException (the CLI's "corrupt backup"), and so it does in a group,
     * where the header is first read to plan a fresh stream.
     */
    @Test
    void anUnreadableArchiveIsReportedCorruptInAGroupToo() throws IOException {
        BackupHandle h = backUp("o-0", 3);
        Files.writeString(archive(h), "[\"not an archive\"]");
        BulkRestoreOptions overwrite = BulkRestoreOptions.builder().overwrite(true).maxConcurrency(1).build();

        InMemoryEventStore memory = new InMemoryEventStore();
        Streams.create(memory, NAME, "o-0", 2, null);
        assertThat(into(memory).restoreMany(List.of(h), overwrite).failedRestores()).singleElement()
                .satisfies(f -> assertThat(f.exception()).as("into memory").isInstanceOf(BackupCorruptedException.class));

        FileEventStore store = new FileEventStore(tmp.resolve("store"));
        Streams.create(store, NAME, "o-0", 2, null);
        assertThat(into(store).restoreMany(List.of(h), overwrite).failedRestores()).singleElement()
                .satisfies(f -> assertThat(f.exception()).as("into a folder").isInstanceOf(BackupCorruptedException.class));
    }
    /** Archives whose stream fails to close (after every byte was read): a close error as remote streams have. */
    private static final class CloseFails extends ForwardingBackupProvider {
        static final IOException INJECTED = new IOException("injected: close failed");
        private final UUID failing;

        CloseFails(BackupProvider delegate, UUID failing) {
            super(delegate);
            this.failing = failing;
        }

        @Override
        public java.io.InputStream openArchive(BackupLocation location) {
            java.io.InputStream in = super.openArchive(location);
            if (!location.backupId().equals(failing)) {
                return in;
            }
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    super.close();
                    throw INJECTED;
                }
            };
        }
    }

    /**
     * A restore of a group that fails after its streams were written, outside RestoreRun.prepare's own clean-up
     * (here the archive's close): its streams are discarded, so none is left that neither a document nor a
     * journal entry names.
     */
    @Test
    void aRestoreThatFailsAfterWritingLeavesNoStreamThatNoDocumentOrEntryNames() {
        BackupHandle bad = backUp("o-0", 3);
        BackupHandle good = backUp("o-1", 3);
        FileEventStore store = new FileEventStore(tmp.resolve("store"));
        BackupRestoreService service = BackupRestoreService.builder(store, new CloseFails(
                new BlobBackupProvider(new LocalBlobStore(tmp.resolve("backups"))), bad.backupId())).clock(clock).build();

        BulkRestoreResult result = service.restoreMany(List.of(bad, good), BulkRestoreOptions.builder()
                .maxConcurrency(1).build());

        assertThat(result.failedRestores()).singleElement().satisfies(f ->
                assertThat(f.exception()).hasRootCause(CloseFails.INJECTED));
        java.util.Set<String> named = new java.util.HashSet<>();
        for (String id : List.of("o-0", "o-1")) {
            store.readDocument(NAME, id).ifPresent(d -> named.addAll(StoredStreams.referencedBy(d.document())));
        }
        KilledRuns.journal(store).forEach(j -> j.entry().targets().forEach(t -> named.addAll(t.streams())));
        assertThat(named).as("streams a document or a journal entry names")
                .containsAll(StoredStreams.onDisk(new LocalBlobStore(tmp.resolve("store")), "order"));
    }
}
