package io.esbackup.store;

import io.esbackup.Capable;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import java.util.Iterator;
import java.util.Optional;

/**
 * Where the live streams are: object documents and the events of each stream.
 *
 * <p>Six methods, all required: a store that cannot do one of them cannot be backed up from or restored to.
 * What only some stores can do is an optional capability found with {@link #capability}:
 * {@link SnapshotStore}, {@link ObjectIdListing}, {@link RawEventReader}, {@link RawEventAppender},
 * {@link RestoreJournal}, and {@link io.esbackup.blob.AbandonedWrites} for a store kept in files. Errors come
 * from the {@code io.esbackup.error} family.
 */
public interface EventStore extends Capable {

    /** The object document of {@code objectName/objectId} with the ETag to write it back conditionally. */
    Optional<StoredDocument> readDocument(String objectName, String objectId);

    /**
     * Writes {@code document}: create-only when {@code expectedEtag} is {@code null}
     * ({@code AlreadyExistsException} if one exists), otherwise only if the stored document still has
     * that ETag ({@code ConflictException} if not).
     *
     * @return the new ETag
     */
    String writeDocument(ObjectDocument document, String expectedEtag);

    /**
     * A cursor over the events of {@code stream} with versions {@code fromVersion..toVersion} inclusive,
     * read lazily: memory does not grow with the range. Events the store holds beyond {@code toVersion}
     * (appended meanwhile) are not returned.
     */
    EventCursor readEvents(String objectName, StreamInformation stream, int fromVersion, int toVersion);

    /**
     * Appends {@code events} (versions continuing from {@code stream.currentStreamVersion() + 1}) in one
     * streamed pass. {@code header} is used when the stream's storage is created; an existing stream keeps
     * its own. Fails with {@code ConflictException} if the stored stream is not at the expected version.
     *
     * @return {@code stream} with its new version and chunk list, to be recorded in the object document
     */
    StreamInformation appendEvents(String objectName, StreamInformation stream, StreamHeader header,
                                   Iterator<Event> events);

    /**
     * Whether events storage exists for {@code streamIdentifier}: its events document, or for a chunked
     * stream its first chunk (chunk 0). Called once per candidate identifier, so it must not scan.
     */
    boolean streamExists(String objectName, String streamIdentifier);

    /** Deletes the events (every chunk) and snapshots of a stream; its object document is not touched. */
    void deleteStream(String objectName, String streamIdentifier);

}
