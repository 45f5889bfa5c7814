package io.esbackup.cli;

import java.util.random.RandomGenerator;

/**
 * A generator that is not thread-safe, with its race made wide: it reads its state, lets other threads
 * run, then writes the state back. Two threads drawing at once get the same number, as two workers of a
 * bulk run once did from the JDK's default generator (issue #20), only every time instead of now and then.
 */
final class RacyRandom implements RandomGenerator {
    private long state;

    RacyRandom(long seed) {
        this.state = seed;
    }

    @Override
    public long nextLong() {
        long s = state;
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = s + 0x9E3779B97F4A7C15L;
        return mix(s);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
