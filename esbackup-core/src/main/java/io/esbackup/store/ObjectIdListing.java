package io.esbackup.store;

import java.util.stream.Stream;

/**
 * An optional capability of an {@link EventStore}: listing the aggregates of an object name, which a backup
 * of all of them ({@code backupAll}, {@code backup-many --all}) needs. Without it, aggregates are backed up
 * by id.
 */
public interface ObjectIdListing {

    /** The object ids that have a document under {@code objectName}, lazily. Close the stream. */
    Stream<String> listObjectIds(String objectName);
}
