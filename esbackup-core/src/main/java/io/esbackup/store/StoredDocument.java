package io.esbackup.store;

import io.esbackup.model.ObjectDocument;

/** An object document as read, with the ETag that a conditional write back must match. */
public record StoredDocument(ObjectDocument document, String etag) {
}
