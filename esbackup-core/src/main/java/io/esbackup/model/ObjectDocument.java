package io.esbackup.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The object document of one aggregate: which stream is active and which were terminated. Stored at
 * {@code object-document-store/{objectName}/{objectId}.json}.
 */
public record ObjectDocument(
        String objectId,
        String objectName,
        StreamInformation active,
        List<TerminatedStream> terminatedStreams,
        String schemaVersion,
        String hash,
        String prevHash,
        Map<String, JsonNode> extra) {

    public ObjectDocument {
        Ids.requireValid("objectId", objectId);
        Ids.requireValid("objectName", objectName);
        if (active == null) {
            throw new IllegalArgumentException("active must not be null");
        }
        terminatedStreams = terminatedStreams == null ? List.of() : List.copyOf(terminatedStreams);
        extra = Extras.copy(extra);
    }

    /** A new document whose active stream is {@code active}. */
    public static ObjectDocument create(String objectName, String objectId, StreamInformation active) {
        return new ObjectDocument(objectId, objectName, active, List.of(), null, null, null, Map.of());
    }

    public ObjectDocument withActive(StreamInformation stream) {
        return new ObjectDocument(objectId, objectName, stream, terminatedStreams, schemaVersion, hash, prevHash, extra);
    }

    public ObjectDocument withObjectName(String name) {
        return new ObjectDocument(objectId, name, active, terminatedStreams, schemaVersion, hash, prevHash, extra);
    }

    public ObjectDocument withHashes(String newHash, String newPrevHash) {
        return new ObjectDocument(objectId, objectName, active, terminatedStreams, schemaVersion, newHash, newPrevHash,
                extra);
    }

    public ObjectDocument withObjectId(String id) {
        return new ObjectDocument(id, objectName, active, terminatedStreams, schemaVersion, hash, prevHash, extra);
    }

    public ObjectDocument withTerminatedStreams(List<TerminatedStream> streams) {
        return new ObjectDocument(objectId, objectName, active, streams, schemaVersion, hash, prevHash, extra);
    }
}
