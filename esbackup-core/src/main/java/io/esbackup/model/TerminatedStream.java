package io.esbackup.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * An entry of {@code terminatedStreams}: a stream the aggregate no longer writes to. Its events stay
 * at {@code {objectName}/{streamIdentifier}.json} unless {@code deleted}.
 */
public record TerminatedStream(
        String streamIdentifier,
        String streamType,
        String reason,
        String continuationStreamId,
        String terminationDate,
        Integer streamVersion,
        boolean deleted,
        String deletionDate,
        JsonNode metadata,
        Map<String, JsonNode> extra) {

    /** Reason recorded for a stream that a restore with overwrite replaced. */
    public static final String REPLACED_BY_RESTORE = "replaced-by-restore";

    public TerminatedStream {
        Ids.requireValid("terminatedStreams.streamIdentifier", streamIdentifier);
        extra = Extras.copy(extra);
    }

    public TerminatedStream withStreamIdentifier(String id, String continuation) {
        return new TerminatedStream(id, streamType, reason, continuation, terminationDate, streamVersion, deleted,
                deletionDate, metadata, extra);
    }
}
