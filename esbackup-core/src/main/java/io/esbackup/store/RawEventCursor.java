package io.esbackup.store;

import io.esbackup.model.RawEvent;
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
}
