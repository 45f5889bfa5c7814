package io.esbackup;

import java.util.Optional;

/**
 * Something with optional capabilities: small interfaces of their own (a restore journal, a sweep of
 * abandoned writes, events as stored bytes) that callers find with {@link #capability}, never with
 * {@code instanceof} on a concrete class. A wrapper answers for what it wraps (the forwarding base classes
 * do), so a capability is found through any stack of wrappers (retries, faults, metrics); a wrapper that
 * must hide one (a read-only view) overrides {@link #capability}.
 */
public interface Capable {

    /**
     * This object as {@code type} if it has that capability, else empty.
     *
     * @throws IllegalArgumentException if {@code type} is null
     */
    default <T> Optional<T> capability(Class<T> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }
}
