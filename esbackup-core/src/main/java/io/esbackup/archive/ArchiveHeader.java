package io.esbackup.archive;

import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import java.time.Instant;

/**
 * What an archive holds before its events: ids, the active stream as it was at the cut ({@code stream},
 * whose {@code currentStreamVersion} is the last backed-up version), the events document's header and,
 * when included, the object document.
 */
public record ArchiveHeader(
        int formatVersion,
        String backupId,
        String objectName,
        String objectId,
        Instant createdAt,
        StreamInformation stream,
        StreamHeader streamHeader,
        ObjectDocument document) {
}
