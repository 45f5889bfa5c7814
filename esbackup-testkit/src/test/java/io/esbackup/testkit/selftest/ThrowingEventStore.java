package io.esbackup.testkit.selftest;

import io.esbackup.blob.BlobWriter;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.model.RawEvent;
import io.esbackup.store.EventStore;
import io.esbackup.store.JournaledRestore;
import io.esbackup.store.ObjectIdListing;
import io.esbackup.store.RawEventAppender;
import io.esbackup.store.RawEventCursor;
import io.esbackup.store.RawEventReader;
import io.esbackup.store.RestoreJournal;
import io.esbackup.store.RestoreJournalEntry;
import io.esbackup.store.SnapshotStore;
import io.esbackup.store.StoredDocument;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** An event store that does nothing but refuse: every method throws. */
final class ThrowingEventStore implements EventStore, SnapshotStore, ObjectIdListing, RawEventReader,
        RawEventAppender, RestoreJournal, io.esbackup.store.StreamFingerprints, io.esbackup.store.StoreKind {
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

    @Override
    public RawEventCursor readRawEvents(String objectName, StreamInformation stream, int fromVersion, int toVersion) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public StreamInformation appendRawEvents(String objectName, StreamInformation stream, StreamHeader header,
                                             Iterator<RawEvent> events) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public String record(RestoreJournalEntry entry) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public String update(RestoreJournalEntry entry, String expectedTag) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public boolean remove(UUID runId) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public Stream<JournaledRestore> listRestores() {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public java.util.Optional<String> fingerprint(String objectName, StreamInformation stream) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public String streamType() {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public boolean streamsScopedByObjectName() {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public io.esbackup.model.ObjectDocument adopt(io.esbackup.model.ObjectDocument restored, String objectName,
                                                  String sourceStreamType, io.esbackup.model.ObjectDocument replaced) {
        throw new UnsupportedOperationException("does nothing");
    }
}
