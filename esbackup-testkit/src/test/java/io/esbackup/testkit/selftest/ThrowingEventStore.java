package io.esbackup.testkit.selftest;

import io.esbackup.blob.BlobWriter;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.StoredDocument;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/** An event store that does nothing but refuse: every method throws. */
final class ThrowingEventStore implements EventStore {
    @Override
    public Optional<StoredDocument> readDocument(String objectName, String objectId) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public String writeDocument(ObjectDocument document, String expectedEtag) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public EventCursor readEvents(String objectName, StreamInformation stream, int fromVersion, int toVersion) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public StreamInformation appendEvents(String objectName, StreamInformation stream, StreamHeader header,
                                          Iterator<Event> events) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public Optional<InputStream> readSnapshot(String objectName, String streamIdentifier, SnapshotRef snapshot) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public void writeSnapshot(String objectName, String streamIdentifier, SnapshotRef snapshot, BlobWriter content) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public boolean streamExists(String objectName, String streamIdentifier) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public void deleteStream(String objectName, String streamIdentifier) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public Stream<String> listObjectIds(String objectName) {
        throw new UnsupportedOperationException("does nothing");
    }
}
