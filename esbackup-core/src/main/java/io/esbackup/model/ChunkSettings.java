package io.esbackup.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** {@code active.chunkSettings}: whether the stream's events are split over chunk documents. */
public record ChunkSettings(int chunkSize, boolean enableChunks, Map<String, JsonNode> extra) {
    public ChunkSettings {
        if (enableChunks && chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be > 0 when chunks are enabled, was " + chunkSize);
        }
        extra = Extras.copy(extra);
    }

    public static ChunkSettings disabled() {
        return new ChunkSettings(1000, false, Map.of());
    }

    public static ChunkSettings of(int chunkSize) {
        return new ChunkSettings(chunkSize, true, Map.of());
    }
}
