package io.esbackup.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The {@code active} part of an object document: which stream holds the aggregate's events, its last
 * version ({@code -1} when empty), snapshots and chunking. The reference's other string fields
 * (connection names, store types, tag types) are kept in {@link #extra()}.
 */
public record StreamInformation(
        String streamIdentifier,
        String streamType,
        int currentStreamVersion,
        ChunkSettings chunkSettings,
        List<StreamChunk> streamChunks,
        List<SnapshotRef> snapShots,
        Map<String, JsonNode> extra) {

    public StreamInformation {
        Ids.requireValid("streamIdentifier", streamIdentifier);
        if (currentStreamVersion < -1) {
            throw new IllegalArgumentException("currentStreamVersion must be >= -1, was " + currentStreamVersion);
        }
        streamChunks = streamChunks == null ? List.of() : List.copyOf(streamChunks);
        snapShots = snapShots == null ? List.of() : List.copyOf(snapShots);
        extra = Extras.copyWithout(extra, chunkSettings == null ? null : "chunkSettings");
    }

    /** A new, empty, unchunked stream. */
    public static StreamInformation empty(String streamIdentifier, String streamType) {
        return new StreamInformation(streamIdentifier, streamType, -1, null, List.of(), List.of(), Map.of());
    }

    public boolean chunked() {
        return chunkSettings != null && chunkSettings.enableChunks();
    }

    public long eventCount() {
        return currentStreamVersion + 1L;
    }

    public StreamInformation withStreamIdentifier(String id) {
        return new StreamInformation(id, streamType, currentStreamVersion, chunkSettings, streamChunks, snapShots, extra);
    }

    public StreamInformation withVersion(int version, List<StreamChunk> chunks) {
        return new StreamInformation(streamIdentifier, streamType, version, chunkSettings, chunks, snapShots, extra);
    }

    public StreamInformation withSnapshots(List<SnapshotRef> snapshots) {
        return new StreamInformation(streamIdentifier, streamType, currentStreamVersion, chunkSettings, streamChunks,
                snapshots, extra);
    }
}
