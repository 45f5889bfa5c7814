package io.esbackup.store;

import java.util.UUID;
import java.util.stream.Stream;

/**
 * An optional capability of an {@link EventStore}: a journal of restores in progress, kept in the store's
 * own storage beside the streams it names, so that a clean-up can find the streams of a restore killed
 * before its document swap (which no document points to) and remove them. A restore records an entry
 * before it writes a stream, updates it before each further stream and before the swap, and removes it
 * after. Entries are changed only conditionally, on the tag the last read or write returned, so a restore
 * and a clean-up that both reach for one entry have exactly one winner. Stores without it restore as
 * well; a restore killed there leaves its streams for the operator (docs/ARCHITECTURE.md, section 6).
 */
public interface RestoreJournal {

    /**
     * Records a new entry (create-only).
     *
     * @return the entry's tag, for {@link #update}
     * @throws io.esbackup.error.AlreadyExistsException if an entry with its run id exists
     */
    String record(RestoreJournalEntry entry);

    /**
     * Replaces the entry with {@code entry}'s run id if it still has {@code expectedTag}.
     *
     * @return the new tag
     * @throws io.esbackup.error.ConflictException if it was changed or removed by someone else
     */
    String update(RestoreJournalEntry entry, String expectedTag);

    /** Removes the entry of {@code runId}; returns whether there was one. */
    boolean remove(UUID runId);

    /** Every entry, with its tag and last modification, lazily; unreadable ones are skipped. Close it. */
    Stream<JournaledRestore> listRestores();
}
