package io.esbackup.store;

import io.esbackup.model.StreamInformation;
import java.util.Optional;

/**
 * An optional capability of an {@link EventStore}: a cheap fingerprint of a stream as stored, from metadata
 * alone (a blob's ETag and size), without reading its events. It changes whenever an event is appended to the
 * stream or the stored stream is rewritten, so an incremental backup whose parent recorded the same
 * fingerprint (with the same version and document) knows the stream is unchanged without reading it.
 */
public interface StreamFingerprints {

    /**
     * The fingerprint of {@code stream}'s stored events (for a chunked stream, of the chunk holding its last
     * version), or empty when nothing is stored for it yet. Equal fingerprints mean the stored bytes were not
     * written since; different ones say nothing about what changed.
     */
    Optional<String> fingerprint(String objectName, StreamInformation stream);

    /**
     * Every document's ETag (as {@link StoredDocument#etag} gives it) and every unchunked stream's fingerprint
     * of {@code objectName}, from listings of the store rather than a read per aggregate; empty where the store
     * cannot list them. The streams are listed before the documents, so an aggregate whose listed document and
     * stream both match what a backup recorded was in that state when its stream was listed.
     */
    default Optional<ListedFingerprints> listFingerprints(String objectName) {
        return Optional.empty();
    }
}
