package io.esbackup.bench.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The uncompressed archive JSON a benchmark handled, so JMH reports bytes/s next to events/s: the
 * {@code jsonBytes} row's score divided by 1e6 is MB/s of JSON (the same measure as the bench command's MB/s).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class JsonBytes {
    public long jsonBytes;

    @Setup(Level.Iteration)
    public void reset() {
        jsonBytes = 0;
    }
}
