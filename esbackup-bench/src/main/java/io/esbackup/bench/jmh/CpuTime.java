package io.esbackup.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU time of the benchmark's own thread and the events it handled, summed per iteration: {@code cpuNanos}
 * over {@code events} is CPU ns per event. On a shared machine the throughput score is mostly the share of the
 * cores the benchmark got; its own CPU time per event is far less disturbed by other processes, so a change
 * can be compared under load. Work on other threads (the archive's decompression) is not in it.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long cpuNanos;
    public long events;
    private long start;

    @Setup(Level.Iteration)
    public void reset() {
        cpuNanos = 0;
        events = 0;
    }

    void start() {
        start = THREADS.getCurrentThreadCpuTime();
    }

    void stop(int handled) {
        cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        events += handled;
    }
}
