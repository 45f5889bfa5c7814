package io.esbackup.internal;

import java.io.IOException;

/**
 * A failure that happened on a worker thread, thrown to the thread that consumes its work: the first
 * time as it is (so its type and message reach the caller unchanged), every later time as a new
 * exception caused by it. Throwing the same object twice breaks try-with-resources ("Self-suppression
 * not permitted" replaces the real error when a body and a {@code close} both throw it). Not for use
 * outside esbackup.
 */
final class Failures {
    private volatile Throwable failure;
    private boolean thrown;

    /** Records the worker's failure; the first one wins. */
    synchronized void set(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    boolean isSet() {
        return failure != null;
    }

    /** Throws the recorded failure, if any: as is the first time, wrapped after that. */
    synchronized void rethrow(String what) throws IOException {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        if (thrown) {
            throw new IOException(what + " failed earlier: " + t, t);
        }
        thrown = true;
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IOException(what + " failed: " + t, t);
    }
}
