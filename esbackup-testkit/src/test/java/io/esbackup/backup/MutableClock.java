package io.esbackup.backup;

import io.esbackup.testkit.HandClock;
import java.time.Instant;

/** The testkit's {@link HandClock} under the name this package's tests know it by. */
final class MutableClock extends HandClock {
    MutableClock(Instant start) {
        super(start);
    }
}
