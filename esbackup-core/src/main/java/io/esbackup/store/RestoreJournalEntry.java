package io.esbackup.store;

import io.esbackup.model.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One restore in progress, as its {@link RestoreJournal} entry says: the aggregate it writes to, the
 * streams it has written or is about to write (none referenced by a document until the swap), when it
 * started, and how far it got.
 */
public record RestoreJournalEntry(UUID runId, String objectName, String objectId, List<String> streams,
                                  Instant startedAt, Phase phase) {

    /** How far a restore got, as its last journal write says. */
    public enum Phase {
        /** Writing streams no document points to. */
        WRITING,
        /** About to swap the object document to the restored stream. */
        SWAPPING,
        /** Claimed by a clean-up, which removes the streams no document points to. */
        SWEEPING
    }

    public RestoreJournalEntry {
        if (runId == null) {
            throw new IllegalArgumentException("runId must not be null");
        }
        Ids.requireValid("objectName", objectName);
        Ids.requireValid("objectId", objectId);
        if (streams == null) {
            throw new IllegalArgumentException("streams must not be null");
        }
        streams.forEach(s -> Ids.requireValid("streams", s));
        streams = List.copyOf(streams);
        if (startedAt == null) {
            throw new IllegalArgumentException("startedAt must not be null");
        }
        if (phase == null) {
            throw new IllegalArgumentException("phase must not be null");
        }
    }

    /** A restore that is about to write its first stream. */
    public static RestoreJournalEntry started(UUID runId, String objectName, String objectId, String stream,
                                              Instant startedAt) {
        return new RestoreJournalEntry(runId, objectName, objectId, List.of(stream), startedAt, Phase.WRITING);
    }

    /** This entry with {@code stream} added (if it is not there yet). */
    public RestoreJournalEntry withStream(String stream) {
        if (streams.contains(Objects.requireNonNull(stream, "stream"))) {
            return this;
        }
        List<String> more = new java.util.ArrayList<>(streams);
        more.add(stream);
        return new RestoreJournalEntry(runId, objectName, objectId, more, startedAt, phase);
    }

    public RestoreJournalEntry withPhase(Phase next) {
        return new RestoreJournalEntry(runId, objectName, objectId, streams, startedAt, next);
    }
}
