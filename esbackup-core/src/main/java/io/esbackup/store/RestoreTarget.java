package io.esbackup.store;

import io.esbackup.model.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One aggregate a restore writes to, as its {@link RestoreJournalEntry} names it: the object name and id,
 * and the streams written or about to be written for it (none referenced by a document until its swap).
 */
public record RestoreTarget(String objectName, String objectId, List<String> streams) {
    public RestoreTarget {
        Ids.requireValid("objectName", objectName);
        Ids.requireValid("objectId", objectId);
        if (streams == null) {
            throw new IllegalArgumentException("streams must not be null");
        }
        streams.forEach(s -> Ids.requireValid("streams", s));
        streams = List.copyOf(streams);
    }

    /** This target with {@code stream} added (if it is not there yet). */
    public RestoreTarget withStream(String stream) {
        if (streams.contains(Objects.requireNonNull(stream, "stream"))) {
            return this;
        }
        List<String> more = new ArrayList<>(streams);
        more.add(stream);
        return new RestoreTarget(objectName, objectId, more);
    }
}
