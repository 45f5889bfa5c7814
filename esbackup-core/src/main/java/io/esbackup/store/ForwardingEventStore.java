package io.esbackup.store;

import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link EventStore} that forwards every call to another, the base for wrappers (metrics, retries, a
 * read-only view): a wrapper overrides only what it changes. {@link #capability} answers for the delegate
 * too, so the restore journal, raw event copies and snapshots are found through any stack of wrappers; the
 * capability's calls then go to the delegate directly. A wrapper that must hide one overrides it.
 */
public abstract class ForwardingEventStore implements EventStore {
    private final EventStore delegate;

    protected ForwardingEventStore(EventStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The store this one forwards to. */
    public EventStore delegate() {
        return delegate;
    }

    @Override
    public Optional<StoredDocument> readDocument(String objectName, String objectId) {
        return delegate.readDocument(objectName, objectId);
    }

    @Override
    public String writeDocument(ObjectDocument document, String expectedEtag) {
        return delegate.writeDocument(document, expectedEtag);
    }

    @Override
    public EventCursor readEvents(String objectName, StreamInformation stream, int fromVersion, int toVersion) {
        return delegate.readEvents(objectName, stream, fromVersion, toVersion);
    }

    @Override
    public StreamInformation appendEvents(String objectName, StreamInformation stream, StreamHeader header,
                                          Iterator<Event> events) {
        return delegate.appendEvents(objectName, stream, header, events);
    }

    @Override
    public boolean streamExists(String objectName, String streamIdentifier) {
        return delegate.streamExists(objectName, streamIdentifier);
    }

    @Override
    public void deleteStream(String objectName, String streamIdentifier) {
        delegate.deleteStream(objectName, streamIdentifier);
    }

    /** This wrapper's own capability if it has one, else the delegate's. */
    @Override
    public <T> Optional<T> capability(Class<T> type) {
        Optional<T> own = EventStore.super.capability(type);
        return own.isPresent() ? own : delegate.capability(type);
    }
}
