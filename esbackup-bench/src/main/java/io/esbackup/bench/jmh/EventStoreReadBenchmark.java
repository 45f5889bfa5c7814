package io.esbackup.bench.jmh;

import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.model.Event;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.RawEventCursor;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading one stream of {@value #EVENTS} generated events (one events document of about 4 MB) from a
 * {@link BlobEventStore} in memory, the ways a backup and an append read it: {@code rawEvents} is a backup's
 * read ({@code headerBeforeEvents}, then every event as its checked bytes); {@code rawEventsToHalf} stops at
 * half the stream, as a backup whose cut is older than the stream's end, passing over the rest unchecked;
 * {@code header} is the header's pass of its own (the whole document, events skipped); {@code append} adds one
 * event, which copies every stored event (checked) into the new document. Score: stored events/s; {@code
 * jsonBytes}: bytes/s of the events document; {@code cpuNanos} / {@code events}: CPU ns per event
 * ({@link CpuTime}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventStoreReadBenchmark {
    static final int EVENTS = ArchiveEncodeBenchmark.EVENTS;
    private static final String OBJECT_NAME = "order";

    private BlobEventStore store;
    private StreamInformation stream;
    private BlobInfo document;
    private byte[] documentBytes;
    private Event next;

    @Setup
    public void setUp() {
        BlobStore blobs = new InMemoryBlobStore();
        store = new BlobEventStore(blobs);
        List<Event> events = ArchiveSample.events(EVENTS + 1);
        stream = store.appendEvents(OBJECT_NAME, StreamInformation.empty("orderjmh-0000000000", "blob"),
                StreamHeader.of(OBJECT_NAME, ArchiveSample.OBJECT_ID), events.subList(0, EVENTS).iterator());
        try (Stream<BlobInfo> all = blobs.list("")) {
            document = all.filter(b -> b.size() > 0).reduce((a, b) -> a.size() >= b.size() ? a : b).orElseThrow();
        }
        documentBytes = blobs.readAllBytes(document.key()).orElseThrow();
        next = events.get(EVENTS);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void rawEvents(JsonBytes counter, CpuTime cpu, Blackhole out) {
        cpu.start();
        readRaw(EVENTS - 1, out);
        cpu.stop(EVENTS);
        counter.jsonBytes += documentBytes.length;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void rawEventsToHalf(JsonBytes counter, CpuTime cpu, Blackhole out) {
        cpu.start();
        readRaw(EVENTS / 2 - 1, out);
        cpu.stop(EVENTS);
        counter.jsonBytes += documentBytes.length;
    }

    private void readRaw(int to, Blackhole out) {
        try (RawEventCursor cursor = (RawEventCursor) store.readEvents(OBJECT_NAME, stream, 0, to)) {
            out.consume(cursor.headerBeforeEvents());
            for (Iterator<?> it = cursor.rawEvents(); it.hasNext(); ) {
                out.consume(it.next());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public StreamHeader header(JsonBytes counter, CpuTime cpu) {
        cpu.start();
        try (RawEventCursor cursor = (RawEventCursor) store.readEvents(OBJECT_NAME, stream, 0, EVENTS - 1)) {
            counter.jsonBytes += documentBytes.length;
            return cursor.header();
        } finally {
            cpu.stop(EVENTS);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public StreamInformation append(Copy copy, JsonBytes counter, CpuTime cpu) {
        counter.jsonBytes += documentBytes.length;
        cpu.start();
        try {
            return copy.store.appendEvents(OBJECT_NAME, stream, StreamHeader.of(OBJECT_NAME, ArchiveSample.OBJECT_ID),
                    List.of(next).iterator());
        } finally {
            cpu.stop(EVENTS);
        }
    }

    /** A new store holding the stream's document as stored, for each append: an append changes its store. */
    @State(Scope.Thread)
    public static class Copy {
        BlobEventStore store;

        @Setup(Level.Invocation)
        public void setUp(EventStoreReadBenchmark b) {
            BlobStore blobs = new InMemoryBlobStore();
            blobs.write(b.document.key(), WriteCondition.createOnly(), b.documentBytes);
            store = new BlobEventStore(blobs);
        }
    }
}
