package io.esbackup.bench.jmh;

import io.esbackup.archive.ArchiveSummary;
import io.esbackup.archive.ArchiveWriter;
import io.esbackup.archive.Compression;
import io.esbackup.model.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing an archive of {@value #EVENTS} generated events with {@link ArchiveWriter}, per compression. The
 * score is events/s; the {@code jsonBytes} counter is bytes/s of archive JSON before compression. Output
 * goes nowhere, so the figure is the codec's (JSON and compression), not a disk's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ArchiveEncodeBenchmark {
    static final int EVENTS = 10_000;

    @Param({"zstd", "gzip", "none"})
    public String compression;

    private Compression codec;
    private List<Event> events;
    private long jsonBytes;

    @Setup
    public void setUp() {
        codec = Compression.fromWireName(compression);
        events = ArchiveSample.events(EVENTS);
        jsonBytes = ArchiveSample.encode(events, Compression.NONE).length;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public ArchiveSummary encode(JsonBytes counter) throws IOException {
        try (ArchiveWriter w = new ArchiveWriter(OutputStream.nullOutputStream(), codec)) {
            w.start(ArchiveSample.header(EVENTS));
            for (Event e : events) {
                w.event(e);
            }
            counter.jsonBytes += jsonBytes;
            return w.finish();
        }
    }
}
