package io.esbackup.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The main class of a child JVM that runs another program's main class (the {@code esbackup} command, which
 * ends with {@code System.exit}) and, as the JVM shuts down, writes the process's peak RSS and peak heap to the
 * file named by {@value #PEAKS_PROPERTY}: {@link Probe} reports the same figures for an operation it runs
 * itself, this for a whole program it cannot wait for.
 *
 * <p>Usage: {@code java -Desbackup.bench.peaks=FILE -cp CLASSPATH io.esbackup.bench.CommandProbe MAIN ARGS...}
 */
public final class CommandProbe {
    static final String PEAKS_PROPERTY = "esbackup.bench.peaks";

    private CommandProbe() {}

    public static void main(String[] args) throws Throwable {
        Path peaks = Path.of(System.getProperty(PEAKS_PROPERTY));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> write(peaks), "esbackup-bench-peaks"));
        MethodHandle main = MethodHandles.publicLookup().findStatic(Class.forName(args[0]), "main",
                MethodType.methodType(void.class, String[].class));
        main.invokeExact(Arrays.copyOfRange(args, 1, args.length));
    }

    private static void write(Path peaks) {
        // RSS first: what reading the heap pools loads must not count.
        long rss = Probe.rssPeak();
        long heap = Probe.heapPeak();
        try {
            Files.writeString(peaks, rss + " " + heap);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
