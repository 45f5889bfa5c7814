package io.esbackup.store;

import io.esbackup.blob.BlobWriter;
import io.esbackup.model.SnapshotRef;
import java.io.InputStream;
import java.util.Optional;

/**
 * An optional capability of an {@link EventStore}: the snapshots its object documents list. A backup asked
 * for snapshots of a store without it backs up none (with a warning, as for a listed snapshot whose data is
 * missing); a restore of a backup that holds snapshots into such a store fails before it writes anything.
 */
public interface SnapshotStore {

    /** The raw JSON of a snapshot of {@code streamIdentifier}; close the stream. */
    Optional<InputStream> readSnapshot(String objectName, String streamIdentifier, SnapshotRef snapshot);

    /** Writes a snapshot's raw JSON, replacing one with the same version and name. */
    void writeSnapshot(String objectName, String streamIdentifier, SnapshotRef snapshot, BlobWriter content);
}
