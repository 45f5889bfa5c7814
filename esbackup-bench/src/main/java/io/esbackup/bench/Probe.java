package io.esbackup.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The main class of the child JVM that runs one measured operation ({@link ProbeOperations}) and prints a
 * {@link ProbeResult} as its last stdout line.
 *
 * <p>Why a child JVM per operation: peak RSS (VmHWM) can only grow within a process, and the parent has
 * generated the store, so only a fresh process tells what one operation needs. Its JVM start is outside the
 * timed part; its RSS includes the JVM's own footprint, as a user's process would.
 *
 * <p>Usage: {@code java -cp CLASSPATH io.esbackup.bench.Probe OPERATION key=value...}
 */
public final class Probe {
    private Probe() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: Probe OPERATION key=value...; operations: " + ProbeOperations.NAMES);
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        // Warm-up runs first, in this JVM, where asked: the measured run then finds classes loaded and code
        // compiled, as in a long-running process that embeds esbackup. Each run writes where its options say,
        // with {run} replaced by its own name.
        int warmups = Integer.parseInt(options.getOrDefault(WARMUPS, "0"));
        for (int i = 1; i <= warmups; i++) {
            ProbeOperations.run(args[0], forRun(options, "warmup-" + i));
        }
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        ProbeOperations.Work work = ProbeOperations.run(args[0], forRun(options, "measured"));
        double seconds = (System.nanoTime() - start) / 1e9;
        ProbeResult result = new ProbeResult(seconds, work.items(), work.outputBytes(), heapPeak(), rssPeak(),
                work.detail());
        System.out.println(result.toJsonLine());
        System.out.flush();
        // SDK threads (the Azure client's event loops) would otherwise keep the JVM alive.
        System.exit(0);
    }

    /** The option that asks for warm-up runs before the measured one. */
    static final String WARMUPS = "warmups";

    private static Map<String, String> forRun(Map<String, String> options, String run) {
        Map<String, String> o = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (!k.equals(WARMUPS)) {
                o.put(k, v.replace("{run}", run));
            }
        });
        return o;
    }

    /** Sum of the heap pools' peaks: an upper bound, since the pools need not peak at the same moment. */
    static long heapPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** This process's peak resident set (VmHWM), or -1 where /proc is not there. */
    static long rssPeak() {
        return Machine.procLine("/proc/self/status", "VmHWM")
                .map(v -> Long.parseLong(v.replaceAll("\\D", "")) * 1024).orElse(-1L);
    }
}
