package io.esbackup.backup;

import io.esbackup.error.ConflictException;
import io.esbackup.error.NotFoundException;
import io.esbackup.store.RestoreJournal;
import io.esbackup.store.RestoreJournalEntry;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One restore run's entry in the event store's {@link RestoreJournal}: recorded before the run's first
 * stream is written, updated before each further stream and before the swap, removed when the run is over.
 * Without a journal (a store that keeps none) every step does nothing.
 */
final class RunJournal {
    private static final Logger LOG = LoggerFactory.getLogger(RunJournal.class);

    private final RestoreJournal journal; // null: the store keeps none
    private final UUID runId;
    private final String objectName;
    private final String targetId;
    private final Clock clock;
    private RestoreJournalEntry entry;
    private String entryTag;

    RunJournal(RestoreJournal journal, UUID runId, String objectName, String targetId, Clock clock) {
        this.journal = journal;
        this.runId = runId;
        this.objectName = objectName;
        this.targetId = targetId;
        this.clock = clock;
    }

    /** Records {@code stream} before it is written: creates the entry, or adds to it. */
    void stream(String stream) {
        if (journal == null) {
            return;
        }
        if (entry == null) {
            RestoreJournalEntry first = RestoreJournalEntry.started(runId, objectName, targetId, stream,
                    clock.instant());
            entryTag = journal.record(first);
            entry = first;
        } else {
            write(entry.withStream(stream));
        }
    }

    void phase(RestoreJournalEntry.Phase phase) {
        if (entry != null) {
            write(entry.withPhase(phase));
        }
    }

    /**
     * An if-match write of this run's entry: losing it means a clean-up took the run for abandoned (it was
     * silent for longer than the grace period) and may be deleting its streams, so the run must not go on.
     */
    private void write(RestoreJournalEntry next) {
        try {
            entryTag = journal.update(next, entryTag);
            entry = next;
        } catch (ConflictException | NotFoundException e) {
            throw new ConflictException("the restore journal entry of run " + runId + " for " + objectName + "/"
                    + targetId + " was taken by a clean-up (the run was silent longer than its grace period); "
                    + "nothing was replaced, retry the restore", e);
        }
    }

    /** The run is over (swapped, or discarded): its entry goes. A failure here only leaves it to clean-up. */
    void end() {
        if (entry == null) {
            return;
        }
        try {
            journal.remove(runId);
            entry = null;
        } catch (RuntimeException e) {
            LOG.warn("Could not remove restore journal entry {} of {}/{}; clean-up will: {}", runId, objectName,
                    targetId, e.getMessage());
        }
    }
}
