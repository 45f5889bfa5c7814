package io.esbackup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.ConflictException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link BlobEventStore} as a {@link RestoreJournal}, in memory and in a folder. */
class RestoreJournalTest {
    private static final UUID RUN = UUID.fromString("5d9efe30-5667-41bc-aeea-fa3d9d5e17c3");
    private static final Instant STARTED = Instant.parse("2024-06-01T12:00:00Z");

    @TempDir
    Path root;

    private BlobEventStore store(String kind) {
        return kind.equals("memory") ? new InMemoryEventStore() : new FileEventStore(root);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "folder"})
    void entriesAreRecordedUpdatedOnTheirTagAndRemoved(String kind) {
        BlobEventStore store = store(kind);
        RestoreJournalEntry first = RestoreJournalEntry.started(RUN, "Order", "o-1", "o1-0000000001", STARTED);
        String tag = store.record(first);
        assertThatThrownBy(() -> store.record(first)).isInstanceOf(AlreadyExistsException.class);

        RestoreJournalEntry more = first.withStream("t-1").withStream("t-1");
        assertThat(more.first().streams()).containsExactly("o1-0000000001", "t-1");
        String tag2 = store.update(more, tag);
        assertThatThrownBy(() -> store.update(more.withPhase(RestoreJournalEntry.Phase.SWEEPING), tag))
                .as("a stale tag loses").isInstanceOf(ConflictException.class);
        assertThat(list(store)).singleElement().satisfies(j -> {
            assertThat(j.entry()).isEqualTo(more);
            assertThat(j.tag()).isEqualTo(tag2);
        });
        // Entries are not object documents and not streams.
        assertThat(list(store.listObjectIds("Order"))).isEmpty();
        assertThat(store.streamExists("Order", "o1-0000000001")).isFalse();

        assertThat(store.remove(RUN)).isTrue();
        assertThat(store.remove(RUN)).isFalse();
        assertThat(list(store)).isEmpty();
        assertThatThrownBy(() -> store.update(more, tag2)).isInstanceOf(ConflictException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"folder"})
    void anUnreadableEntryIsSkippedAndLeftAlone(String kind) throws Exception {
        BlobEventStore store = store(kind);
        store.record(RestoreJournalEntry.started(RUN, "Order", "o-1", "s", STARTED));
        Path bad = root.resolve("object-document-store/.esbackup/restores/" + UUID.randomUUID() + ".json");
        Files.writeString(bad, "{\"runId\": 1");
        assertThat(list(store)).hasSize(1);
        assertThat(bad).exists();
    }

    /** A restore killed under a version before group commit left its entry in the single-aggregate shape. */
    @ParameterizedTest
    @ValueSource(strings = {"folder"})
    void anEntryInTheShapeOfEarlierVersionsIsRead(String kind) throws Exception {
        BlobEventStore store = store(kind);
        Path old = root.resolve("object-document-store/.esbackup/restores/" + RUN + ".json");
        Files.createDirectories(old.getParent());
        Files.writeString(old, "{\"runId\":\"" + RUN + "\",\"objectName\":\"Order\",\"objectId\":\"o-1\","
                + "\"startedAt\":\"" + STARTED + "\",\"phase\":\"WRITING\",\"streams\":[\"o1-0000000001\",\"t-1\"]}");
        assertThat(list(store)).singleElement().extracting(JournaledRestore::entry).isEqualTo(new RestoreJournalEntry(
                RUN, List.of(new RestoreTarget("Order", "o-1", List.of("o1-0000000001", "t-1"))), STARTED,
                RestoreJournalEntry.Phase.WRITING));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory"})
    void badInputIsRefusedNamingTheArgument(String kind) {
        BlobEventStore store = store(kind);
        assertThatThrownBy(() -> store.record(null)).hasMessageContaining("entry");
        assertThatThrownBy(() -> store.update(RestoreJournalEntry.started(RUN, "Order", "o-1", "s", STARTED), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectedTag");
        assertThatThrownBy(() -> store.remove(null)).hasMessageContaining("runId");
        assertThatThrownBy(() -> RestoreJournalEntry.started(RUN, "Order", "o-1", "../x", STARTED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streams");
        assertThatThrownBy(() -> RestoreJournalEntry.started(null, "Order", "o-1", "s", STARTED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runId");
        List<RestoreTarget> one = List.of(new RestoreTarget("Order", "o-1", List.of()));
        assertThatThrownBy(() -> new RestoreJournalEntry(RUN, one, STARTED, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phase");
        assertThatThrownBy(() -> new RestoreJournalEntry(RUN, List.of(), STARTED, RestoreJournalEntry.Phase.WRITING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targets");
        assertThatThrownBy(() -> new RestoreJournalEntry(RUN, List.of(one.get(0), one.get(0)), STARTED,
                RestoreJournalEntry.Phase.WRITING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Order/o-1 twice");
        RestoreJournalEntry group = new RestoreJournalEntry(RUN, List.of(one.get(0),
                new RestoreTarget("Order", "o-2", List.of())), STARTED, RestoreJournalEntry.Phase.WRITING);
        assertThatThrownBy(() -> group.withStream("s"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("restores 2 aggregates");
        assertThatThrownBy(() -> new BlobRestoreJournal(new LocalBlobStore(root), "no-slash"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    }

    private static List<JournaledRestore> list(RestoreJournal journal) {
        try (Stream<JournaledRestore> s = journal.listRestores()) {
            return s.toList();
        }
    }

    private static <T> List<T> list(Stream<T> s) {
        try (s) {
            return s.toList();
        }
    }
}
