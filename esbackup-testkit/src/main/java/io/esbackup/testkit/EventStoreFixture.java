package io.esbackup.testkit;

import io.esbackup.store.EventStore;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How {@link EventStoreConformance} gets the store under test (a new, empty one for every test) and which of
 * the optional capabilities ({@link EventStoreConformance#CAPABILITIES}) it declares. The suite checks before
 * every test that the store has exactly those, and tests each one it has: a capability the store lacks is
 * declared absent, never skipped in silence.
 */
public interface EventStoreFixture {

    /** A new store that holds no documents, streams or snapshots. */
    EventStore create();

    /** The optional capabilities the stores made by {@link #create()} have, out of {@link EventStoreConformance#CAPABILITIES}. */
    Set<Class<?>> capabilities();

    /** Releases what {@link #create()} made (a schema, containers, a folder); runs after every test. */
    default void cleanup() throws Exception {
    }

    /** A fixture of stores made by {@code create}, declaring {@code capabilities}. */
    static EventStoreFixture of(Set<Class<?>> capabilities, Supplier<EventStore> create) {
        Set<Class<?>> declared = Set.copyOf(capabilities);
        return new EventStoreFixture() {
            @Override
            public EventStore create() {
                return create.get();
            }

            @Override
            public Set<Class<?>> capabilities() {
                return declared;
            }
        };
    }
}
