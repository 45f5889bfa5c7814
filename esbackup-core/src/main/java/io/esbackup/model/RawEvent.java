package io.esbackup.model;

/**
 * One event as its store holds it: the event object's exact JSON bytes, with the two fields a backup
 * checks read out of them. What a backup copies into an archive when the store can hand events over
 * this way: it spares building an {@link Event} and writing it again, most of the cost of a backup.
 */
public record RawEvent(String eventType, int eventVersion, RawJson json) {
    public RawEvent {
        if (eventType == null || eventType.isEmpty()) {
            throw new IllegalArgumentException("eventType must not be blank");
        }
        if (eventVersion < 0) {
            throw new IllegalArgumentException("eventVersion must be >= 0, was " + eventVersion);
        }
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("json must be the event's JSON object");
        }
    }
}
