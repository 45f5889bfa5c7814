package io.esbackup.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * An event's {@code action}: who or what caused it. {@code originatedFromUser} is kept as JSON because
 * the reference writes a structured value there; {@code eventOccuredAt} keeps the reference's spelling
 * on the wire and its exact text here.
 */
public record ActionMetadata(
        String correlationId,
        String causationId,
        JsonNode originatedFromUser,
        String eventOccurredAt,
        Map<String, JsonNode> extra) {

    public ActionMetadata {
        extra = Extras.copyWithout(extra, correlationId == null ? null : "correlationId",
                causationId == null ? null : "causationId", originatedFromUser == null ? null : "originatedFromUser",
                eventOccurredAt == null ? null : "eventOccuredAt");
    }
}
