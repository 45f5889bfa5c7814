package io.esbackup.archive;

import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import java.time.Instant;

/**
 * What an archive holds before its events: ids, the active stream as it was at the cut ({@code stream},
 * whose {@code currentStreamVersion} is the last backed-up version), the events document's header and,
 * when included, the object document. A delta (format version 2) also names its parent and the first event version
 * it holds.
 *
 * @param parentBackupId the backup a delta continues, or {@code null}
 * @param baseVersion    the first event version in the archive: 0 unless it is a delta
 */
public record ArchiveHeader(
        int formatVersion,
        String backupId,
        String objectName,
        String objectId,
        Instant createdAt,
        StreamInformation stream,
        StreamHeader streamHeader,
        ObjectDocument document,
        String parentBackupId,
        int baseVersion) {

    /** The header of a full backup. */
    public ArchiveHeader(int formatVersion, String backupId, String objectName, String objectId, Instant createdAt,
                         StreamInformation stream, StreamHeader streamHeader, ObjectDocument document) {
        this(formatVersion, backupId, objectName, objectId, createdAt, stream, streamHeader, document, null, 0);
    }
}
