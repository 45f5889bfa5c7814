package io.esbackup.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * What the commands take from the world: the directory relative locations are resolved against, the
 * clock and the source of randomness. {@link #system()} is the real one; tests pass their own.
 */
public record CliEnvironment(Path workingDirectory, Clock clock, RandomGenerator random) {

    public CliEnvironment {
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** The current directory, the system clock (UTC) and an unseeded generator. */
    public static CliEnvironment system() {
        return new CliEnvironment(Path.of(""), Clock.systemUTC(), RandomGenerator.getDefault());
    }

    /** A random (version 4) UUID drawn from {@link #random()}. */
    public UUID randomUuid() {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(msb, lsb);
    }

    /** {@code length} characters from {@code [0-9a-z]}, for short human-readable run ids. */
    public String randomToken(int length) {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
