package io.esbackup.error;

/** A restore without overwrite found the aggregate already live; nothing was written. */
public class StreamAlreadyExistsException extends AlreadyExistsException {
    private final String objectName;
    private final String objectId;
    private final String streamIdentifier;
    private final int streamVersion;

    public StreamAlreadyExistsException(String objectName, String objectId, String streamIdentifier, int streamVersion) {
        super("Stream " + objectName + "/" + objectId + " already exists (stream " + streamIdentifier
                + " at version " + streamVersion + "); restore with overwrite to replace it, or clone to a new id");
        this.objectName = objectName;
        this.objectId = objectId;
        this.streamIdentifier = streamIdentifier;
        this.streamVersion = streamVersion;
    }

    public String objectName() {
        return objectName;
    }

    public String objectId() {
        return objectId;
    }

    public String streamIdentifier() {
        return streamIdentifier;
    }

    public int streamVersion() {
        return streamVersion;
    }
}
