package io.esbackup.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.ConflictException;
import io.esbackup.store.JournaledRestore;
import io.esbackup.store.RestoreJournal;
import io.esbackup.store.RestoreJournalEntry;
import io.esbackup.store.RestoreTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RestoreJournal} must have, as its Javadoc states it: entries created only once,
 * changed only on the tag of their last write, so that of a restore and a clean-up reaching for one entry
 * exactly one wins. An implementation's test extends this class and only supplies a
 * {@link RestoreJournalFixture}; every test runs against a new, empty journal.
 */
public abstract class RestoreJournalConformance {
    private static final Instant STARTED = Instant.parse("2024-06-01T12:00:00Z");
    private static final int THREADS = 16;

    private RestoreJournalFixture fixture;
    /** The journal under test; a new one for every test. */
    protected RestoreJournal journal;

    /** The implementation under test. */
    protected abstract RestoreJournalFixture fixture();

    @BeforeEach
    void createJournal() {
        fixture = fixture();
        journal = fixture.create();
    }

    @AfterEach
    void cleanUpJournal() throws Exception {
        if (fixture != null) {
            fixture.cleanup();
        }
    }

    private static RestoreJournalEntry entry(int run) {
        return RestoreJournalEntry.started(new UUID(0x5d9e, run), "Order", "o-" + run, "o" + run + "-0000000001",
                STARTED);
    }

    /** Checks that the journal lists {@code entry} under {@code tag}. */
    private void assertListed(RestoreJournalEntry entry, String tag) {
        assertThat(listed().get(entry.runId())).as("listed entry of run %s", entry.runId()).satisfies(j -> {
            assertThat(j.entry()).isEqualTo(entry);
            assertThat(j.tag()).isEqualTo(tag);
        });
    }

    private Map<UUID, JournaledRestore> listed() {
        try (Stream<JournaledRestore> s = journal.listRestores()) {
            return s.collect(Collectors.toMap(j -> j.entry().runId(), Function.identity()));
        }
    }

    @Test
    void aRecordedEntryIsListedWithTheTagRecordReturned() {
        Instant before = Instant.now().minus(Duration.ofMinutes(5));
        String tag = journal.record(entry(1));
        assertThat(tag).isNotBlank();
        assertThat(listed()).containsOnlyKeys(entry(1).runId()).hasEntrySatisfying(entry(1).runId(), j -> {
            assertThat(j.entry()).isEqualTo(entry(1));
            assertThat(j.tag()).isEqualTo(tag);
            assertThat(j.lastModified()).isAfter(before).isBefore(Instant.now().plus(Duration.ofMinutes(5)));
        });
    }

    @Test
    void recordIsCreateOnly() {
        String tag = journal.record(entry(1));
        RestoreJournalEntry other = entry(1).withStream("t-1");
        assertThatThrownBy(() -> journal.record(other)).isInstanceOf(AlreadyExistsException.class);
        assertListed(entry(1), tag);
    }

    @Test
    void anUpdateOnTheCurrentTagReplacesTheEntryAndGivesANewTag() {
        String tag = journal.record(entry(1));
        RestoreJournalEntry more = entry(1).withStream("t-1");
        String tag2 = journal.update(more, tag);
        assertThat(tag2).isNotBlank().isNotEqualTo(tag);
        RestoreJournalEntry swapping = more.withPhase(RestoreJournalEntry.Phase.SWAPPING);
        String tag3 = journal.update(swapping, tag2);
        assertThat(tag3).isNotEqualTo(tag2);
        assertListed(swapping, tag3);
    }

    @Test
    void anUpdateOnAStaleTagIsAConflictAndChangesNothing() {
        String tag = journal.record(entry(1));
        RestoreJournalEntry more = entry(1).withStream("t-1");
        String tag2 = journal.update(more, tag);
        assertThatThrownBy(() -> journal.update(more.withPhase(RestoreJournalEntry.Phase.SWEEPING), tag))
                .isInstanceOf(ConflictException.class);
        assertListed(more, tag2);
    }

    @Test
    void anUpdateOfARemovedOrNeverRecordedEntryIsAConflictAndCreatesNothing() {
        String tag = journal.record(entry(1));
        assertThat(journal.remove(entry(1).runId())).isTrue();
        assertThatThrownBy(() -> journal.update(entry(1).withStream("t-1"), tag))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> journal.update(entry(2), tag)).isInstanceOf(ConflictException.class);
        assertThat(listed()).isEmpty();
    }

    @Test
    void removeSaysWhetherThereWasAnEntryAndTouchesNoOther() {
        journal.record(entry(1));
        journal.record(entry(2));
        assertThat(journal.remove(entry(1).runId())).isTrue();
        assertThat(journal.remove(entry(1).runId())).isFalse();
        assertThat(journal.remove(entry(3).runId())).isFalse();
        assertThat(listed()).containsOnlyKeys(entry(2).runId());
    }

    @Test
    void entriesOfDifferentRunsAreIndependent() {
        List<String> tags = Stream.of(1, 2, 3).map(i -> journal.record(entry(i))).toList();
        journal.update(entry(2).withStream("t-2"), tags.get(1));
        journal.remove(entry(3).runId());
        assertThat(listed()).containsOnlyKeys(entry(1).runId(), entry(2).runId());
        assertThat(listed().get(entry(1).runId()).entry()).isEqualTo(entry(1));
        assertThat(listed().get(entry(2).runId()).entry().first().streams()).containsExactly("o2-0000000001", "t-2");
        // A tag is one entry's: another entry's tag does not let an update through.
        assertThatThrownBy(() -> journal.update(entry(1).withStream("x"), tags.get(2)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void ofRacingRecordsOfOneRunExactlyOneWins() {
        List<Race.Outcome<String>> outcomes = Race.run(THREADS,
                i -> journal.record(entry(1).withStream("racer-" + i)));
        assertThat(outcomes).filteredOn(Race.Outcome::succeeded).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.succeeded())
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(AlreadyExistsException.class));
        String winner = outcomes.stream().filter(Race.Outcome::succeeded).findFirst().orElseThrow().value();
        assertThat(listed().get(entry(1).runId()).tag()).isEqualTo(winner);
    }

    @Test
    void ofRacingUpdatesOnOneTagExactlyOneWins() {
        String tag = journal.record(entry(1));
        List<Race.Outcome<String>> outcomes = Race.run(THREADS,
                i -> journal.update(entry(1).withStream("racer-" + i), tag));
        assertThat(outcomes).filteredOn(Race.Outcome::succeeded).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.succeeded())
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(ConflictException.class));
        String winner = outcomes.stream().filter(Race.Outcome::succeeded).findFirst().orElseThrow().value();
        JournaledRestore listed = listed().get(entry(1).runId());
        assertThat(listed.tag()).isEqualTo(winner);
        assertThat(listed.entry().first().streams()).hasSize(2);
    }

    @Test
    void anEntryOfAGroupKeepsEveryTargetWithItsStreamsInOrder() {
        RestoreJournalEntry group = new RestoreJournalEntry(new UUID(0x5d9e, 9), List.of(
                new RestoreTarget("Order", "o-1", List.of("o1-0000000001")),
                new RestoreTarget("Order", "o-2", List.of("o2-0000000003", "o2-0000000004")),
                new RestoreTarget("Invoice", "o-1", List.of("i1-0000000001"))), STARTED,
                RestoreJournalEntry.Phase.WRITING);
        String tag = journal.record(group);
        assertListed(group, tag);
        RestoreJournalEntry swapping = group.withPhase(RestoreJournalEntry.Phase.SWAPPING);
        assertListed(swapping, journal.update(swapping, tag));
        assertThat(listed().get(group.runId()).entry().targets()).extracting(RestoreTarget::objectId)
                .containsExactly("o-1", "o-2", "o-1");
    }
}
