package io.esbackup.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * An entry of {@code active.snapShots}: a snapshot of the stream taken up to and including
 * {@code untilVersion}, optionally named.
 */
public record SnapshotRef(int untilVersion, String name, Map<String, JsonNode> extra) {
    public SnapshotRef {
        if (untilVersion < 0) {
            throw new IllegalArgumentException("untilVersion must be >= 0, was " + untilVersion);
        }
        extra = Extras.copy(extra);
    }

    public static SnapshotRef of(int untilVersion, String name) {
        return new SnapshotRef(untilVersion, name, Map.of());
    }

    /** The file or blob name of the snapshot's data within {@code {objectName}/snapshot/}. */
    public String blobName(String streamIdentifier) {
        String base = streamIdentifier + "-" + String.format("%020d", untilVersion);
        return (name == null || name.isEmpty() ? base : base + "_" + name) + ".json";
    }
}
