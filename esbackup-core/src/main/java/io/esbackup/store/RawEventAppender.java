package io.esbackup.store;

import io.esbackup.model.RawEvent;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import java.util.Iterator;

/**
 * An optional capability of an {@link EventStore}: appending events given as their stored bytes, which it
 * writes unchanged. A restore hands over an archive's events this way when the store has it, instead of
 * building each event and writing it again.
 */
public interface RawEventAppender {

    /** As {@link EventStore#appendEvents}, with each event's exact JSON object. */
    StreamInformation appendRawEvents(String objectName, StreamInformation stream, StreamHeader header,
                                      Iterator<RawEvent> events);
}
