package io.esbackup.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event of a stream. {@code payload} is the raw JSON of the event's payload, kept byte for byte as
 * read (numbers keep their literal text); {@code timestamp} keeps its exact ISO-8601 text.
 */
public record Event(
        String eventType,
        int eventVersion,
        Integer schemaVersion,
        String externalSequencer,
        ActionMetadata action,
        Map<String, String> metadata,
        RawJson payload,
        String timestamp,
        Map<String, JsonNode> extra) {

    public Event {
        if (eventType == null || eventType.isEmpty()) {
            throw new IllegalArgumentException("eventType must not be blank");
        }
        if (eventVersion < 0) {
            throw new IllegalArgumentException("eventVersion must be >= 0, was " + eventVersion);
        }
        if (payload == null || payload.isBlank()) {
            throw new IllegalArgumentException("payload must be JSON text (use \"null\" for none)");
        }
        metadata = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        extra = Extras.copyWithout(extra, schemaVersion == null ? null : "schemaVersion",
                externalSequencer == null ? null : "exseq", action == null ? null : "action",
                metadata == null ? null : "metadata", timestamp == null ? null : "timestamp");
    }

    /** As the canonical constructor, with the payload's JSON text. */
    public Event(String eventType, int eventVersion, Integer schemaVersion, String externalSequencer,
                 ActionMetadata action, Map<String, String> metadata, String payload, String timestamp,
                 Map<String, JsonNode> extra) {
        this(eventType, eventVersion, schemaVersion, externalSequencer, action, metadata,
                payload == null ? null : RawJson.of(payload), timestamp, extra);
    }

    /** An event with only the required fields. */
    public static Event of(String eventType, int eventVersion, String payload, String timestamp) {
        return new Event(eventType, eventVersion, null, null, null, null, payload, timestamp, Map.of());
    }

    public Event withVersion(int version) {
        return new Event(eventType, version, schemaVersion, externalSequencer, action, metadata, payload, timestamp,
                extra);
    }
}
