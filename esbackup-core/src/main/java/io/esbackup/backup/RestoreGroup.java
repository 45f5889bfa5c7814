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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        boolean started;
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

        String target() {
            return run.objectName() + "/" + run.targetId();
        }

        void fail(Throwable e) {
            failure = e;
            result = null;
        }

        /**
         * Fails a restore whose streams may be written but are not swapped to: they are deleted. Returns whether
         * that left nothing behind (else the group's journal entry must stay, for a clean-up).
         */
        boolean abandon(Throwable e) {
            fail(e);
            return run.discard(e);
        }
    }

    /**
     * Restores each of {@code items} in place; one outcome per item, in their order. Two backups of one
     * aggregate never share a group: the second starts a new one, after the first is done. With
     * {@code stopAtFailure}, the first failure ends the group: the items after it are not started and have no
     * outcome (as a bulk run without continue-on-error starts nothing after its first failure), those started
     * before it finish.
     */
    <T> List<Outcome<T, RestoreResult>> restore(List<T> items, Function<T, BackupHandle> handleOf,
                                                RestoreOptions options, boolean stopAtFailure) {
        @SuppressWarnings("unchecked")
        Outcome<T, RestoreResult>[] outcomes = new Outcome[items.size()];
        List<Member<T>> members = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        boolean stopped = false;
        for (int i = 0; i < items.size() && !stopped; i++) {
            T item = items.get(i);
            try {
                RestoreOperation.Source source = restores.locate(handleOf.apply(item), options);
                if (!targets.add(source.location().objectName() + "/" + source.location().objectId())) {
                    // Its target is planned already: restore what is planned first, then plan again from there.
                    stopped = restoreMembers(members, outcomes, stopAtFailure);
                    members.clear();
                    targets.clear();
                    targets.add(source.location().objectName() + "/" + source.location().objectId());
                    if (stopped) {
                        break;
                    }
                }
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
                stopped = stopAtFailure;
            }
        }
        if (!stopped) {
            restoreMembers(members, outcomes, stopAtFailure);
        } else if (!members.isEmpty()) {
            // Planned before the failure: they are in flight, as a run's work is when it stops.
            restoreMembers(members, outcomes, false);
        }
        return Arrays.stream(outcomes).filter(Objects::nonNull).toList();
    }

    private static boolean groupable(BackupManifest manifest, RestoreOptions options) {
        return manifest.eventCount() <= MAX_EVENTS
                && (manifest.terminatedStreamCount() == 0 || !options.restoreTerminatedStreams());
    }

    /** Restores {@code members} and puts their outcomes in place; returns whether a failure stopped the group. */
    private <T> boolean restoreMembers(List<Member<T>> members, Outcome<T, RestoreResult>[] outcomes,
                                       boolean stopAtFailure) {
        if (members.isEmpty()) {
            return false;
        }
        restoreMembers(members, stopAtFailure);
        boolean failed = false;
        for (Member<T> m : members) {
            if (m.started || m.failure != null) {
                outcomes[m.index] = m.result != null ? new Outcome<>(m.item, m.result, null)
                        : new Outcome<>(m.item, null, m.failure);
                failed |= m.failure != null;
            }
        }
        return failed && stopAtFailure;
    }

    /**
     * The phases of class doc. A member that is never started (after a failure, with {@code stopAtFailure})
     * has neither result nor failure. The journal entry is removed only when nothing it names can be left
     * unreferenced by the group's own doing.
     */
    private <T> void restoreMembers(List<Member<T>> members, boolean stopAtFailure) {
        Optional<RestoreJournal> journal = store.capability(RestoreJournal.class);
        UUID runId = UUID.randomUUID();
        RestoreJournalEntry entry;
        String tag = null;
        try {
            entry = new RestoreJournalEntry(runId, members.stream()
                    .map(m -> new RestoreTarget(m.run.objectName(), m.run.targetId(), List.of(m.stream))).toList(),
                    clock.instant(), RestoreJournalEntry.Phase.WRITING);
            if (journal.isPresent()) {
                tag = journal.get().record(entry);
            }
        } catch (RuntimeException e) {
            members.forEach(m -> m.fail(e));
            return;
        }
        GroupCommit.Group group;
        try {
            group = store.capability(GroupCommit.class).map(GroupCommit::begin).orElse(NO_GROUP);
        } catch (RuntimeException e) {
            members.forEach(m -> m.fail(e));
            journal.ifPresent(j -> removeQuietly(j, runId, members.size()));
            return;
        }
        boolean clean = true; // every stream a failed member wrote is gone again
        boolean durable = false;
        try (group) {
            for (Member<T> m : members) {
                m.started = true;
                try {
                    m.prepared = restores.read(m.source, m.run.check(), m.run::prepare);
                } catch (Throwable e) {
                    // prepare discarded on its own failures; this also covers one after it (closing the archive).
                    m.prepared = null;
                    clean &= m.abandon(e);
                    if (stopAtFailure) {
                        break;
                    }
                }
            }
            List<Member<T>> prepared = members.stream().filter(m -> m.prepared != null).toList();
            if (prepared.isEmpty()) {
                if (clean) {
                    journal.ifPresent(j -> removeQuietly(j, runId, members.size()));
                }
                return;
            }
            try {
                group.commit();
                // The entry's update and the documents must not be found torn after a crash.
                group.contentFirst();
                if (journal.isPresent()) {
                    tag = journal.get().update(entry.withPhase(RestoreJournalEntry.Phase.SWAPPING), tag);
                }
            } catch (ConflictException | NotFoundException e) {
                // A clean-up took the entry: it owns what the entry names now.
                ConflictException lost = new ConflictException("the restore journal entry " + runId + " of a group of "
                        + members.size() + " restores was taken by a clean-up (the group was silent longer than its "
                        + "grace period); nothing was replaced, retry the restore", e);
                prepared.forEach(m -> m.abandon(lost));
                return;
            } catch (RuntimeException e) {
                for (Member<T> m : prepared) {
                    clean &= m.abandon(e);
                }
                if (clean) {
                    journal.ifPresent(j -> removeQuietly(j, runId, members.size()));
                }
                return;
            }
            for (Member<T> m : prepared) {
                try {
                    m.result = m.run.publish(m.prepared);
                } catch (Throwable e) {
                    // publish discards on its own failures; an Error from it may have left its streams.
                    clean &= m.abandon(e);
                }
            }
            group.commit();
            durable = true;
        } catch (RuntimeException e) {
            // The last commit: the documents were swapped and are visible, but may not survive a crash. The
            // journal entry stays, so a clean-up can tell (their streams are referenced, and kept).
            members.stream().filter(m -> m.result != null).forEach(m -> m.fail(e));
        }
        if (!durable) {
            return;
        }
        if (clean) {
            journal.ifPresent(j -> removeQuietly(j, runId, members.size()));
        }
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

    /** A group over a store whose every write is durable when it returns: nothing to defer, nothing to commit. */
    static final GroupCommit.Group NO_GROUP = new GroupCommit.Group() {
        @Override
        public void commit() {
            // Every write was durable when it returned.
        }

        @Override
        public void contentFirst() {
            // So it always is.
        }

        @Override
        public void include(String key) {
            // Nothing to make durable: every write here was when it returned.
        }

        @Override
        public void close() {
        }
    };
}
