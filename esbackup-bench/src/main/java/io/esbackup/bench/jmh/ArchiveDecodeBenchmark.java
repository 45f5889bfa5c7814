package io.esbackup.bench.jmh;

import io.esbackup.archive.ArchiveReader;
import io.esbackup.archive.ArchiveSummary;
import io.esbackup.archive.Compression;
import java.io.ByteArrayInputStream;
import java.util.Iterator;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading an archive of {@value ArchiveEncodeBenchmark#EVENTS} generated events with {@link ArchiveReader}
 * from memory, every section and the checksum, per compression: {@code decode} builds each event,
 * {@code decodeRaw} takes each as its checked bytes (what restores and validation do). Score: events/s;
 * {@code jsonBytes}: bytes/s of archive JSON after decompression; {@code cpuNanos} / {@code events}: the
 * reading thread's CPU ns per event ({@link CpuTime}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ArchiveDecodeBenchmark {
    static final int EVENTS = ArchiveEncodeBenchmark.EVENTS;

    @Param({"zstd", "gzip", "none"})
    public String compression;

    private Compression codec;
    private byte[] archive;
    private long jsonBytes;

    @Setup
    public void setUp() {
        codec = Compression.fromWireName(compression);
        var events = ArchiveSample.events(EVENTS);
        archive = ArchiveSample.encode(events, codec);
        jsonBytes = ArchiveSample.encode(events, Compression.NONE).length;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public ArchiveSummary decode(JsonBytes counter, CpuTime cpu, Blackhole events) {
        return read(counter, cpu, events, false);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public ArchiveSummary decodeRaw(JsonBytes counter, CpuTime cpu, Blackhole events) {
        return read(counter, cpu, events, true);
    }

    private ArchiveSummary read(JsonBytes counter, CpuTime cpu, Blackhole events, boolean raw) {
        cpu.start();
        try (ArchiveReader r = new ArchiveReader(new ByteArrayInputStream(archive), codec)) {
            events.consume(r.readHeader());
            for (Iterator<?> it = raw ? r.rawEvents() : r.events(); it.hasNext(); ) {
                events.consume(it.next());
            }
            r.readSnapshots((ref, data) -> { });
            r.readTerminatedStreams((stream, header, streamEvents) -> { });
            counter.jsonBytes += jsonBytes;
            return r.finish();
        } finally {
            cpu.stop(EVENTS);
        }
    }
}
