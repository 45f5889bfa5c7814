package io.esbackup.archive;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How an archive's bytes are compressed as a whole. The manifest records which one. */
public enum Compression {
    /**
     * Zstandard (RFC 8878), level 1: the default. Level 1 compresses event JSON about twice as fast as
     * level 3 to within a few percent of its size (docs/BENCHMARKS.md), and a backup's time is bounded by it.
     */
    ZSTD,
    /** gzip (RFC 1952), for readers without zstd. */
    GZIP,
    /** Plain JSON. */
    NONE;

    private static final int BUFFER = 64 * 1024;

    /** The manifest's name for it: {@code zstd}, {@code gzip} or {@code none}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Compression fromWireName(String name) {
        for (Compression c : values()) {
            if (c.wireName().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("compression must be one of "
                + Arrays.stream(values()).map(Compression::wireName).collect(Collectors.joining(", "))
                + ", was '" + name + "'");
    }

    /** A stream that compresses into {@code out}; closing it finishes the frame and closes {@code out}. */
    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdOutputStream(out, RecyclingBufferPool.INSTANCE, 1);
            case GZIP -> new GZIPOutputStream(out, BUFFER);
            case NONE -> out;
        };
    }

    /** A stream of the decompressed bytes of {@code in}. */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case ZSTD -> new ZstdInputStream(in, RecyclingBufferPool.INSTANCE);
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case NONE -> in;
        };
    }
}
