package io.esbackup.store;

import io.esbackup.model.StreamInformation;

/**
 * An optional capability of an {@link EventStore}: reading events as the store holds them, checked but not
 * built into {@link io.esbackup.model.Event}s. A backup copies them into the archive as they are, which is
 * most of what it saves on a long stream.
 */
public interface RawEventReader {

    /** As {@link EventStore#readEvents}, as a cursor that also hands out the events as stored bytes. */
    RawEventCursor readRawEvents(String objectName, StreamInformation stream, int fromVersion, int toVersion);
}
