package io.esbackup.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;

/**
 * What the commands take from the world: the directory relative locations are resolved against, the
 * clock, the source of randomness, standard input ({@code --ids -}) and whether standard error is a
 * terminal a progress bar may be drawn on (and how wide it is). {@link #system()} is the real one; tests
 * pass their own.
 *
 * <p>The generator is shared by a bulk run's workers, which draw backup ids from it at the same time: it is
 * kept behind a lock ({@link LockedRandom}), so any generator may be passed, thread-safe or not.
 *
 * @param random           where backup ids, event ids and run tokens come from
 * @param stderrIsTerminal whether progress bars may be drawn on standard error
 * @param terminalWidth    the width of that terminal, asked only when a bar is drawn
 */
public record CliEnvironment(Path workingDirectory, Clock clock, RandomGenerator random, InputStream stdin,
                             boolean stderrIsTerminal, IntSupplier terminalWidth) {

    /** The width a bar gets when the terminal does not say. */
    public static final int DEFAULT_WIDTH = 80;

    public CliEnvironment {
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(terminalWidth, "terminalWidth");
        random = LockedRandom.of(random);
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** No standard input, and standard error is not a terminal: what tests and scripts usually have. */
    public CliEnvironment(Path workingDirectory, Clock clock, RandomGenerator random) {
        this(workingDirectory, clock, random, InputStream.nullInputStream(), false, () -> DEFAULT_WIDTH);
    }

    /**
     * The current directory, the system clock (UTC), a {@link SecureRandom} (backup ids as unguessable and as
     * unlikely to meet another process's as {@code UUID.randomUUID()}'s) and {@code System.in}. Standard
     * error is a terminal when the launcher says so ({@code -Desbackup.stderrTty}); without the launcher,
     * when the JVM has a console (Java 17 looks at standard input and output only).
     */
    public static CliEnvironment system() {
        // The launcher knows whether standard error is a terminal ([ -t 2 ]); Java 17 alone does not.
        String told = System.getProperty("esbackup.stderrTty");
        boolean terminal = told != null ? Boolean.parseBoolean(told) : System.console() != null;
        return new CliEnvironment(Path.of(""), Clock.systemUTC(), new SecureRandom(), System.in,
                terminal, () -> new ConsoleProgressBarConsumer(System.err).getMaxRenderedLength());
    }

    /** The same, reading standard input from {@code in}. */
    public CliEnvironment withStdin(InputStream in) {
        return new CliEnvironment(workingDirectory, clock, random, in, stderrIsTerminal, terminalWidth);
    }

    /** The same, with standard error a terminal of {@code width} columns (or not a terminal). */
    public CliEnvironment withStderrTerminal(boolean terminal, int width) {
        return new CliEnvironment(workingDirectory, clock, random, stdin, terminal, () -> width);
    }

    /** The same, on {@code other} clock. */
    public CliEnvironment withClock(Clock other) {
        return new CliEnvironment(workingDirectory, other, random, stdin, stderrIsTerminal, terminalWidth);
    }

    /** A random (version 4) UUID drawn from {@link #random()}. */
    public UUID randomUuid() {
        return LockedRandom.of(random).draw(r -> {
            long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
            long lsb = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
            return new UUID(msb, lsb);
        });
    }

    /** {@code length} characters from {@code [0-9a-z]}, for short human-readable run ids. */
    public String randomToken(int length) {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        return LockedRandom.of(random).draw(r -> {
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return sb.toString();
        });
    }
}
