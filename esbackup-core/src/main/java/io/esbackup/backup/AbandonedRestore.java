package io.esbackup.backup;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A restore that stopped before its document swap (a killed process) and was silent for longer than the
 * grace period, as a clean-up found it in the event store's restore journal.
 *
 * @param streamsDeleted the streams of the run that no object document references, which the clean-up
 *                       deleted (or in a dry run would delete); the run's other streams are live and kept
 * @param lastWritten    when the run last wrote its journal entry
 */
public record AbandonedRestore(UUID runId, String objectName, String objectId, Instant startedAt,
                               List<String> streamsDeleted, Instant lastWritten) {
    public AbandonedRestore {
        streamsDeleted = List.copyOf(streamsDeleted);
    }
}
