package io.esbackup.store;

import io.esbackup.model.RawEvent;
import io.esbackup.model.StreamHeader;
import java.util.Iterator;

/**
 * An optional capability of an {@link EventCursor}: its events as the store holds them, each checked to be
 * an event (valid JSON; a non-empty {@code type}, an integer {@code version}, {@code schemaVersion} and
 * {@code action} of the right kind) as {@link io.esbackup.model.json.EventCodec} checks them, but not
 * built into an {@link io.esbackup.model.Event}. A backup copies them into the archive as they are.
 */
public interface RawEventCursor extends EventCursor {

    /** The same events as the cursor's own iteration, as stored bytes; use one or the other, not both. */
    Iterator<RawEvent> rawEvents();

    /**
     * The stream's header read on the way to its events rather than in a pass of its own, for a cursor whose
     * {@link #rawEvents} will follow: a long stream's document is then read once, not twice. A cursor that
     * cannot tell yet whether header members also follow the events hands out those before them, and
     * {@link #rawEvents} checks what follows the events: if more header members do, it throws
     * {@link HeaderAfterEventsException} there, and the caller starts again with a new cursor and
     * {@link #header()}. Call it first, instead of {@link #header()}.
     */
    default StreamHeader headerBeforeEvents() {
        return header();
    }
}
