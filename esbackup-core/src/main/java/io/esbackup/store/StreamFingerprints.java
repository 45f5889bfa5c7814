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
     * (as {@link #fingerprint} gives it) of {@code objectName}, from listings of the store rather than a read per
     * aggregate; empty where the store cannot list them. An incremental run takes an aggregate whose listed
     * document and stream both equal what its parent recorded as unchanged without reading it, so an
     * implementation must keep to three rules:
     * <ul>
     *   <li>a document's listed ETag changes whenever its bytes do (an ETag per write, as Azure's and a local
     *       folder's, or per content, as S3's: a document holds its stream's identifier and version, so the
     *       parent's bytes again mean the parent's state);
     *   <li>a chunked stream is never listed under its own identifier (its files are its chunks'), since the
     *       fingerprint of its last chunk says nothing of the others;
     *   <li>the streams are listed before the documents, so an aggregate whose listed document is still the
     *       parent's was in the parent's state when its stream was listed.
     * </ul>
     */
    default Optional<ListedFingerprints> listFingerprints(String objectName) {
        return Optional.empty();
    }
}
