package io.esbackup.store;

import java.time.Instant;

/**
 * A {@link RestoreJournal} entry as listed: its content, the tag to change it conditionally, and when it
 * was last written (a restore writes it before each stream, so this is how long it has been silent).
 */
public record JournaledRestore(RestoreJournalEntry entry, String tag, Instant lastModified) {
    public JournaledRestore {
        if (entry == null || tag == null || lastModified == null) {
            throw new IllegalArgumentException("entry, tag and lastModified must not be null");
        }
    }
}
