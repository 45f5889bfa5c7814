package io.esbackup.backup;

import io.esbackup.error.ConflictException;
import io.esbackup.error.NotFoundException;
import io.esbackup.model.TerminatedStream;
import io.esbackup.store.EventStore;
import io.esbackup.store.JournaledRestore;
import io.esbackup.store.RestoreJournal;
import io.esbackup.store.RestoreJournalEntry;
import io.esbackup.store.RestoreTarget;
import io.esbackup.store.StoredDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clean-up of restores killed before their swap. An entry of the store's {@link RestoreJournal} last
 * written before the cut-off is claimed with an if-match write (a run still going loses its next journal
 * write and stops, so it cannot swap to a stream being deleted); then each of its streams that the object
 * document references neither as active nor among its terminated streams is deleted, and the entry removed.
 * A run that swapped but was killed before removing its entry loses only the entry. An entry of a group of
 * restores (several targets) is swept whole, by the shard of its first target, and reported per target.
 */
final class RestoreJournalSweep {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreJournalSweep.class);

    private final EventStore store;
    private final RestoreJournal journal;

    public RestoreJournalSweep(EventStore store, RestoreJournal journal) {
        this.store = store;
        this.journal = journal;
    }

    /** Sweeps (or with {@code dryRun} only finds) the runs silent since before {@code writtenBefore}. */
    public List<AbandonedRestore> sweep(Instant writtenBefore, boolean dryRun) {
        return sweep(writtenBefore, dryRun, Shard.ALL);
    }

    /** As {@link #sweep(Instant, boolean)}, only the restores of aggregates in {@code shard}. */
    public List<AbandonedRestore> sweep(Instant writtenBefore, boolean dryRun, Shard shard) {
        List<JournaledRestore> old;
        try (Stream<JournaledRestore> all = journal.listRestores()) {
            old = all.filter(j -> j.lastModified().isBefore(writtenBefore))
                    .filter(j -> shard.contains(j.entry().first().objectId())).toList();
        }
        List<AbandonedRestore> swept = new ArrayList<>();
        for (JournaledRestore j : old) {
            RestoreJournalEntry e = j.entry();
            if (!dryRun && !claim(j)) {
                continue;
            }
            for (RestoreTarget t : e.targets()) {
                Set<String> referenced = referenced(t);
                List<String> orphans = t.streams().stream().filter(s -> !referenced.contains(s)).toList();
                if (!dryRun) {
                    for (String s : orphans) {
                        LOG.debug("Deleting stream {} of {}/{}: written by restore run {}, killed before its swap",
                                s, t.objectName(), t.objectId(), e.runId());
                        store.deleteStream(t.objectName(), s);
                    }
                }
                swept.add(new AbandonedRestore(e.runId(), t.objectName(), t.objectId(), e.startedAt(), orphans,
                        j.lastModified()));
            }
            if (!dryRun) {
                journal.remove(e.runId());
            }
        }
        return swept;
    }

    /** Takes the entry from its run, unless the run (or another clean-up) wrote it since it was listed. */
    private boolean claim(JournaledRestore j) {
        try {
            journal.update(j.entry().withPhase(RestoreJournalEntry.Phase.SWEEPING), j.tag());
            return true;
        } catch (ConflictException | NotFoundException e) {
            LOG.debug("Leaving restore run {} alone: its journal entry changed since it was listed", j.entry().runId());
            return false;
        }
    }

    /** The streams the aggregate's document names: the active one and every terminated one. */
    private Set<String> referenced(RestoreTarget t) {
        Set<String> names = new HashSet<>();
        store.readDocument(t.objectName(), t.objectId()).map(StoredDocument::document).ifPresent(d -> {
            names.add(d.active().streamIdentifier());
            d.terminatedStreams().stream().map(TerminatedStream::streamIdentifier).forEach(names::add);
        });
        return names;
    }
}
