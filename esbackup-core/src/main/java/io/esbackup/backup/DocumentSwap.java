package io.esbackup.backup;

import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.StreamAlreadyExistsException;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.EventStore;
import io.esbackup.store.StoredDocument;
import java.util.Optional;

/**
 * A restore's swap: the write of its document, and what a failed write may have left. A refusal (the document
 * exists, or changed) wrote nothing. Any other failure may have come after the document was in: a store whose
 * document is more than one write (the Table layout's side rows), or an answer lost after the write. Then the
 * restored streams are live, and discarding them would leave the document naming streams that are gone.
 */
final class DocumentSwap {
    /** What a failed write left. */
    enum Outcome {
        /** Nothing was published: the restored streams may be discarded. */
        NOT_PUBLISHED,
        /** The document names the restored stream: it is live. */
        PUBLISHED,
        /** The document could not be read back: only a later clean-up, by the document, may delete anything. */
        UNKNOWN
    }

    private DocumentSwap() {}

    /** Writes {@code document}: create-only for a new aggregate, if-match against the live one otherwise. */
    static void write(EventStore store, String objectName, String objectId, ObjectDocument document,
                      Optional<StoredDocument> live) {
        try {
            store.writeDocument(document, live.map(StoredDocument::etag).orElse(null));
        } catch (AlreadyExistsException e) {
            throw new StreamAlreadyExistsException(objectName, objectId, "(created during the restore)", -1);
        } catch (ConflictException e) {
            throw new ConflictException("the object document of " + objectName + "/" + objectId
                    + " changed while restoring; nothing was replaced, retry the restore", e);
        }
    }

    /** What {@code failure}, thrown by {@link #write}, left of a swap to {@code streamIdentifier}. */
    static Outcome after(RuntimeException failure, EventStore store, String objectName, String objectId,
                         String streamIdentifier) {
        if (failure instanceof AlreadyExistsException || failure instanceof ConflictException) {
            return Outcome.NOT_PUBLISHED;
        }
        try {
            return store.readDocument(objectName, objectId)
                    .filter(d -> streamIdentifier.equals(d.document().active().streamIdentifier()))
                    .map(d -> Outcome.PUBLISHED).orElse(Outcome.NOT_PUBLISHED);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            return Outcome.UNKNOWN;
        }
    }

    /** The error of a swap whose write failed after the document was in (or may have been). */
    static BackupException failedAfterWriting(RuntimeException failure, Outcome outcome, String objectName,
                                              String objectId, String streamIdentifier) {
        return new BackupException("writing the object document of " + objectName + "/" + objectId + " failed ("
                + failure.getMessage() + ") after "
                + (outcome == Outcome.PUBLISHED ? "it was written: the restored stream " + streamIdentifier
                        + " is live; check the document"
                        : "it may have been written: the restored stream " + streamIdentifier + " is kept, and the"
                        + " clean-up of unfinished restores deletes it unless the document names it"), failure);
    }
}
