package io.esbackup.cli;

import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A {@link RandomGenerator} several threads may share: every draw is made under one lock.
 *
 * <p>A bulk run's workers draw backup ids from the command's one generator at the same time. The JDK's
 * default generator ({@code RandomGenerator.getDefault()}, L32X64MixRandom) and {@code SplittableRandom}
 * are not thread-safe: two threads drawing at once can read the same state and get the same numbers, and
 * so the same backup id (issue #20). Every other method of {@code RandomGenerator} is built on
 * {@link #nextLong()}, so guarding that one guards them all.
 */
final class LockedRandom implements RandomGenerator {
    private final RandomGenerator random;

    private LockedRandom(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** {@code random} behind a lock, or {@code random} itself if it already is. */
    static LockedRandom of(RandomGenerator random) {
        return random instanceof LockedRandom locked ? locked : new LockedRandom(random);
    }

    /** The generator behind the lock. */
    RandomGenerator unlocked() {
        return random;
    }

    @Override
    public synchronized long nextLong() {
        return random.nextLong();
    }

    /**
     * What {@code draw} makes of several numbers drawn in a row, with no other thread's draw between them:
     * a seeded generator then gives each caller the same values whatever the threads' timing.
     */
    synchronized <T> T draw(Function<RandomGenerator, T> draw) {
        return draw.apply(random);
    }
}
