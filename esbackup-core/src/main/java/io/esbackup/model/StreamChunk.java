package io.esbackup.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** An entry of {@code active.streamChunks}: chunk {@code id} holds the events {@code first..last}. */
public record StreamChunk(int id, int first, int last, Map<String, JsonNode> extra) {
    public StreamChunk {
        if (id < 0) {
            throw new IllegalArgumentException("chunk id must be >= 0, was " + id);
        }
        extra = Extras.copy(extra);
    }

    public static StreamChunk of(int id, int first, int last) {
        return new StreamChunk(id, first, last, Map.of());
    }

    public boolean contains(int version) {
        return version >= first && version <= last;
    }
}
