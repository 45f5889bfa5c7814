package io.esbackup.store;

import io.esbackup.model.StreamChunk;
import java.util.List;

/**
 * Which chunk of a chunked stream an appended version goes to, the one rule every layout follows: a chunk is
 * filled up to {@code chunkSize} versions from its {@code first}, never into the next listed chunk, and then a
 * chunk with the next id starts.
 */
public final class ChunkLayout {
    private ChunkLayout() {}

    /** The index in {@code chunks} of the chunk that takes {@code version}, or -1 when a new chunk must start. */
    public static int indexFor(List<StreamChunk> chunks, int version, int size) {
        for (int i = 0; i < chunks.size(); i++) {
            if (version >= chunks.get(i).first() && version <= limit(chunks, i, size)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The last version chunk {@code i} may hold: what it holds, or up to {@code chunkSize} events, but never
     * into the next listed chunk (a layout written under a smaller chunk size keeps its boundaries).
     */
    public static int limit(List<StreamChunk> chunks, int i, int size) {
        StreamChunk c = chunks.get(i);
        int limit = Math.max(c.last(), c.first() + size - 1);
        for (StreamChunk other : chunks) {
            if (other.first() > c.first()) {
                limit = Math.min(limit, other.first() - 1);
            }
        }
        return limit;
    }

    /** The id of the chunk that starts after {@code chunks}: one past the last, or 0 for the first. */
    public static int nextId(List<StreamChunk> chunks) {
        return chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).id() + 1;
    }
}
