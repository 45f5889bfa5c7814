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
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** An event store that accepts everything and keeps nothing: appends return the stream unchanged. */
final class BlackHoleEventStore implements EventStore, SnapshotStore, ObjectIdListing, RawEventReader,
        RawEventAppender, RestoreJournal, io.esbackup.store.StreamFingerprints, io.esbackup.store.StoreKind {
    @Override
    public Optional<StoredDocument> readDocument(String objectName, String objectId) {
        return Optional.empty();
    }

    @Override
    public String writeDocument(ObjectDocument document, String expectedEtag) {
        return "\"0\"";
    }

    @Override
    public EventCursor readEvents(String objectName, StreamInformation stream, int fromVersion, int toVersion) {
        return readRawEvents(objectName, stream, fromVersion, toVersion);
    }

    @Override
    public RawEventCursor readRawEvents(String objectName, StreamInformation stream, int fromVersion, int toVersion) {
        return new RawEventCursor() {
            @Override
            public Iterator<RawEvent> rawEvents() {
                return java.util.Collections.emptyIterator();
            }

            @Override
            public StreamHeader header() {
                return new StreamHeader(Map.of());
            }

            @Override
            public boolean hasNext() {
                return false;
            }

            @Override
            public Event next() {
                throw new NoSuchElementException();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public StreamInformation appendEvents(String objectName, StreamInformation stream, StreamHeader header,
                                          Iterator<Event> events) {
        events.forEachRemaining(e -> { });
        return stream;
    }

    @Override
    public Optional<InputStream> readSnapshot(String objectName, String streamIdentifier, SnapshotRef snapshot) {
        return Optional.empty();
    }

    @Override
    public void writeSnapshot(String objectName, String streamIdentifier, SnapshotRef snapshot, BlobWriter content) {
    }

    @Override
    public boolean streamExists(String objectName, String streamIdentifier) {
        return false;
    }

    @Override
    public void deleteStream(String objectName, String streamIdentifier) {
    }

    @Override
    public Stream<String> listObjectIds(String objectName) {
        return Stream.empty();
    }

    @Override
    public StreamInformation appendRawEvents(String objectName, StreamInformation stream, StreamHeader header,
                                             Iterator<RawEvent> events) {
        events.forEachRemaining(e -> { });
        return stream;
    }

    @Override
    public String record(RestoreJournalEntry entry) {
        return "\"0\"";
    }

    @Override
    public String update(RestoreJournalEntry entry, String expectedTag) {
        return "\"0\"";
    }

    @Override
    public boolean remove(UUID runId) {
        return false;
    }

    @Override
    public Stream<JournaledRestore> listRestores() {
        return Stream.empty();
    }

    @Override
    public java.util.Optional<String> fingerprint(String objectName, StreamInformation stream) {
        return java.util.Optional.empty();
    }

    @Override
    public String streamType() {
        return "blob";
    }

    @Override
    public boolean streamsScopedByObjectName() {
        return true;
    }

    @Override
    public io.esbackup.model.ObjectDocument adopt(io.esbackup.model.ObjectDocument restored, String objectName,
                                                  String sourceStreamType, io.esbackup.model.ObjectDocument replaced) {
        return restored;
    }
}
