package io.esbackup.backup;

import io.esbackup.testkit.FaultyBlobStore;

/**
 * The check every fault test makes of what it caught: that it is the failure it injected (or wraps it), not
 * any exception, so that a bug's own failure at the injected step (a NullPointerException) fails the test.
 */
final class Injected {
    private Injected() {}

    /** Fails, with {@code thrown} as the cause so its stack trace shows, unless {@code faults} injected it. */
    static void assertInjected(FaultyBlobStore faults, Throwable thrown, String what) {
        if (!faults.injected(thrown)) {
            throw new AssertionError(what + ": expected the failure FaultyBlobStore injected, got "
                    + (thrown == null ? "none" : thrown), thrown);
        }
    }
}
