package io.esbackup.store;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One restore run in progress, as its {@link RestoreJournal} entry says: the aggregates it writes to, each
 * with the streams it has written or is about to write (none referenced by a document until the swap), when
 * it started, and how far it got. A single restore has one target; a bulk restore that commits its writes in
 * groups records one entry per group, with a target per aggregate of the group.
 */
public record RestoreJournalEntry(UUID runId, List<RestoreTarget> targets, Instant startedAt, Phase phase) {

    /** How far a restore got, as its last journal write says. */
    public enum Phase {
        /** Writing streams no document points to. */
        WRITING,
        /** About to swap the object documents to the restored streams. */
        SWAPPING,
        /** Claimed by a clean-up, which removes the streams no document points to. */
        SWEEPING
    }

    public RestoreJournalEntry {
        if (runId == null) {
            throw new IllegalArgumentException("runId must not be null");
        }
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("targets must hold at least one aggregate");
        }
        Set<String> seen = new HashSet<>();
        for (RestoreTarget t : targets) {
            if (t == null) {
                throw new IllegalArgumentException("targets must not hold null");
            }
            if (!seen.add(t.objectName() + "/" + t.objectId())) {
                throw new IllegalArgumentException("targets name " + t.objectName() + "/" + t.objectId()
                        + " twice; a run restores each aggregate once");
            }
        }
        targets = List.copyOf(targets);
        if (startedAt == null) {
            throw new IllegalArgumentException("startedAt must not be null");
        }
        if (phase == null) {
            throw new IllegalArgumentException("phase must not be null");
        }
    }

    /** A single restore that is about to write its first stream. */
    public static RestoreJournalEntry started(UUID runId, String objectName, String objectId, String stream,
                                              Instant startedAt) {
        return new RestoreJournalEntry(runId, List.of(new RestoreTarget(objectName, objectId, List.of(stream))),
                startedAt, Phase.WRITING);
    }

    /** The first (for a single restore, the only) aggregate of the run. */
    public RestoreTarget first() {
        return targets.get(0);
    }

    /**
     * This single restore's entry with {@code stream} added to its aggregate (if it is not there yet).
     *
     * @throws IllegalStateException if the entry has more than one target: a group names its streams up front
     */
    public RestoreJournalEntry withStream(String stream) {
        if (targets.size() != 1) {
            throw new IllegalStateException("entry " + runId + " restores " + targets.size()
                    + " aggregates; its streams are named when it is recorded");
        }
        RestoreTarget more = first().withStream(stream);
        return more == first() ? this : new RestoreJournalEntry(runId, List.of(more), startedAt, phase);
    }

    public RestoreJournalEntry withPhase(Phase next) {
        return new RestoreJournalEntry(runId, targets, startedAt, next);
    }
}
