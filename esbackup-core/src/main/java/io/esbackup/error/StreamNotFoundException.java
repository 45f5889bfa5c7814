package io.esbackup.error;

/** The aggregate {@code objectName/objectId} has no object document (or no stream) in the event store. */
public class StreamNotFoundException extends NotFoundException {
    private final String objectName;
    private final String objectId;

    public StreamNotFoundException(String objectName, String objectId) {
        super("No stream found for " + objectName + "/" + objectId
                + ": the event store has no object document for it");
        this.objectName = objectName;
        this.objectId = objectId;
    }

    public String objectName() {
        return objectName;
    }

    public String objectId() {
        return objectId;
    }
}
