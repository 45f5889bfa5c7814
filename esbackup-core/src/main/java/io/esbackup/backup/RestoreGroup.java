package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.backup.BulkRunner.Outcome;
import io.esbackup.blob.GroupCommit;
import io.esbackup.error.ConflictException;
import io.esbackup.error.NotFoundException;
import io.esbackup.store.EventStore;
import io.esbackup.store.RestoreJournal;
import io.esbackup.store.RestoreJournalEntry;
import io.esbackup.store.RestoreTarget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bulk restore's group commit: up to {@link #MAX_SIZE} small restores into one store written, made durable
 * and swapped together, so that the waits and the journal writes are paid once per group rather than once per
 * restore (docs/ARCHITECTURE.md, section 6a). In phases: each restore's target is checked and its stream
 * planned; one journal entry names every planned stream; the streams are written (each restore checked in full
 * as it is read); one commit makes them durable; the entry is moved to {@code SWAPPING}; the documents are
 * swapped; one more commit makes the swaps durable; only then is the entry removed and a replaced stream purged.
 * A document is therefore never published before its stream is durable, and a crash anywhere leaves streams
 * that the journal names, for a clean-up to sweep. A restore that fails fails alone, as it would on its own; a
 * failure of a group step (the journal, a commit) fails every restore that depended on it, and each cleans up
 * what it wrote. Restores a group cannot take (large ones, ones with terminated streams to restore) run on their
 * own, with their own journal entry, as they would outside a bulk run.
 */
final class RestoreGroup {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreGroup.class);

    /** Restores per group: one journal entry of this many targets stays a few kilobytes. */
    static final int MAX_SIZE = 64;
    /**
     * The largest restore a group takes, in events: the group's journal entry is silent while its streams are
     * written, so a group must stay short beside a clean-up's grace period, and a large stream gains nothing
     * from sharing its waits.
     */
    static final long MAX_EVENTS = 10_000;

    private final EventStore store;
    private final RestoreOperation restores;
    private final Clock clock;

    RestoreGroup(EventStore store, RestoreOperation restores, Clock clock) {
        this.store = store;
        this.restores = restores;
        this.clock = clock;
    }

    /**
     * Whether restores into this store gain from groups: its writes each wait to be durable and it can defer
     * that ({@link GroupCommit}: a local folder). A store whose writes are remote requests (Azure) gains more
     * from restores in flight side by side, which a group would serialise, so it restores one item at a time.
     */
    static boolean worthwhile(EventStore store) {
        return store.capability(GroupCommit.class).isPresent();
    }

    /** One restore of the group, from its planning to its result or failure. */
    private static final class Member<T> {
        final int index;
        final T item;
        final RestoreOperation.Source source;
        final RestoreRun run;
        final String stream;
        RestoreRun.Prepared prepared;
        RestoreResult result;
        Throwable failure;

        Member(int index, T item, RestoreOperation.Source source, RestoreRun run, String stream) {
            this.index = index;
            this.item = item;
            this.source = source;
            this.run = run;
            this.stream = stream;
        }

        void fail(Throwable e) {
            failure = e;
        }

        /** Fails a restore whose streams are written but not swapped to: they are deleted. */
        void abandon(RuntimeException e) {
            run.discard(e);
            fail(e);
        }
    }

    /**
     * Restores each of {@code items} in place; one outcome per item, in their order. With
     * {@code stopAtFailure}, an item that fails before the group writes anything ends the group's planning: the
     * items after it are not started and have no outcome (as a bulk run without continue-on-error starts
     * nothing after its first failure); those planned before it finish.
     */
    <T> List<Outcome<T, RestoreResult>> restore(List<T> items, Function<T, BackupHandle> handleOf,
                                                RestoreOptions options, boolean stopAtFailure) {
        @SuppressWarnings("unchecked")
        Outcome<T, RestoreResult>[] outcomes = new Outcome[items.size()];
        List<Member<T>> members = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            try {
                RestoreOperation.Source source = restores.locate(handleOf.apply(item), options);
                if (!groupable(source.manifest(), options)) {
                    RestoreRun alone = restores.run(source, null, false, options, null, true);
                    outcomes[i] = new Outcome<>(item, restores.read(source, alone.check(), alone::execute), null);
                    continue;
                }
                RestoreRun run = restores.run(source, null, false, options, null, false);
                String stream = run.planStream(() -> restores.header(source));
                members.add(new Member<>(i, item, source, run, stream));
            } catch (Throwable e) {
                outcomes[i] = new Outcome<>(item, null, e);
            }
            if (stopAtFailure && outcomes[i] != null && outcomes[i].failure() != null) {
                break;
            }
        }
        if (!members.isEmpty()) {
            restoreMembers(members, options);
            for (Member<T> m : members) {
                outcomes[m.index] = m.result != null ? new Outcome<>(m.item, m.result, null)
                        : new Outcome<>(m.item, null, m.failure);
            }
        }
        return Arrays.stream(outcomes).filter(Objects::nonNull).toList();
    }

    private static boolean groupable(BackupManifest manifest, RestoreOptions options) {
        return manifest.eventCount() <= MAX_EVENTS
                && (manifest.terminatedStreamCount() == 0 || !options.restoreTerminatedStreams());
    }

    private <T> void restoreMembers(List<Member<T>> members, RestoreOptions options) {
        Optional<RestoreJournal> journal = store.capability(RestoreJournal.class);
        UUID runId = UUID.randomUUID();
        RestoreJournalEntry entry = new RestoreJournalEntry(runId, members.stream()
                .map(m -> new RestoreTarget(m.run.objectName(), m.run.targetId(), List.of(m.stream))).toList(),
                clock.instant(), RestoreJournalEntry.Phase.WRITING);
        String tag = null;
        if (journal.isPresent()) {
            try {
                tag = journal.get().record(entry);
            } catch (RuntimeException e) {
                members.forEach(m -> m.fail(e));
                return;
            }
        }
        boolean durable = false;
        try (GroupCommit.Group group = store.capability(GroupCommit.class).map(GroupCommit::begin)
                .orElse(NO_GROUP)) {
            for (Member<T> m : members) {
                try {
                    m.prepared = restores.read(m.source, m.run.check(), m.run::prepare);
                } catch (RuntimeException | Error e) {
                    m.fail(e);
                }
            }
            List<Member<T>> prepared = members.stream().filter(m -> m.prepared != null).toList();
            if (prepared.isEmpty()) {
                journal.ifPresent(j -> removeQuietly(j, runId, members.size()));
                return;
            }
            try {
                group.commit();
                if (journal.isPresent()) {
                    tag = journal.get().update(entry.withPhase(RestoreJournalEntry.Phase.SWAPPING), tag);
                }
            } catch (ConflictException | NotFoundException e) {
                ConflictException lost = new ConflictException("the restore journal entry " + runId + " of a group of "
                        + members.size() + " restores was taken by a clean-up (the group was silent longer than its "
                        + "grace period); nothing was replaced, retry the restore", e);
                prepared.forEach(m -> m.abandon(lost));
                return;
            } catch (RuntimeException e) {
                prepared.forEach(m -> m.abandon(e));
                journal.ifPresent(j -> removeQuietly(j, runId, members.size()));
                return;
            }
            for (Member<T> m : prepared) {
                try {
                    m.result = m.run.publish(m.prepared);
                } catch (RuntimeException | Error e) {
                    m.fail(e);
                }
            }
            group.commit();
            durable = true;
        } catch (RuntimeException e) {
            // The last commit: the documents were swapped and are visible, but may not survive a crash. The
            // journal entry stays, so a clean-up can tell (their streams are referenced, and kept).
            for (Member<T> m : members) {
                if (m.result != null) {
                    m.result = null;
                    m.fail(e);
                }
            }
        }
        if (!durable) {
            return;
        }
        journal.ifPresent(j -> removeQuietly(j, runId, members.size()));
        members.stream().filter(m -> m.result != null).forEach(m -> m.run.purgeReplaced(m.result));
    }

    private static void removeQuietly(RestoreJournal journal, UUID runId, int size) {
        try {
            journal.remove(runId);
        } catch (RuntimeException e) {
            LOG.warn("Could not remove restore journal entry {} of a group of {} restores; clean-up will: {}",
                    runId, size, e.getMessage());
        }
    }

    private static final GroupCommit.Group NO_GROUP = new GroupCommit.Group() {
        @Override
        public void commit() {
            // Every write was durable when it returned.
        }

        @Override
        public void close() {
        }
    };
}
