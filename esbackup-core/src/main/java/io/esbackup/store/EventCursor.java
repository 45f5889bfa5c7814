package io.esbackup.store;

import io.esbackup.model.Event;
import io.esbackup.model.StreamHeader;
import java.util.Iterator;

/** A lazily read range of a stream's events. Close it even if not read to the end. */
public interface EventCursor extends Iterator<Event>, AutoCloseable {

    /** The stream's header (the events document's properties other than {@code events}). */
    StreamHeader header();

    @Override
    void close();
}
