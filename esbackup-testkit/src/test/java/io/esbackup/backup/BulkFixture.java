package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.StoredDocument;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Shared pieces of the bulk service tests: a store and a provider with a hook at each item's first call,
 * a lazy input that counts what was taken from it, a latch to hold workers, and a bulk call run on its own
 * thread so a test can watch, interrupt and join it. Nothing here waits on time to decide an outcome: the
 * timeouts only keep a broken build from hanging.
 */
final class BulkFixture {
    static final long TIMEOUT_SECONDS = 30;

    private BulkFixture() {}

    /**
     * An in-memory event store that calls {@link #beforeRead} before each document read (a backup's first
     * step) and counts the object id listings closed.
     */
    static final class HookedStore extends BlobEventStore {
        volatile Consumer<String> beforeRead = id -> { };
        final AtomicLong listingsClosed = new AtomicLong();

        HookedStore() {
            super(new InMemoryBlobStore());
        }

        @Override
        public Optional<StoredDocument> readDocument(String objectName, String objectId) {
            beforeRead.accept(objectId);
            return super.readDocument(objectName, objectId);
        }

        @Override
        public Stream<String> listObjectIds(String objectName) {
            return super.listObjectIds(objectName).onClose(listingsClosed::incrementAndGet);
        }
    }

    /** An in-memory provider that calls {@link #beforeLocate} before each lookup by id: a restore's first step. */
    static final class HookedProvider extends BlobBackupProvider {
        volatile Consumer<UUID> beforeLocate = id -> { };

        HookedProvider() {
            super(new InMemoryBlobStore());
        }

        @Override
        public Optional<BackupLocation> locate(UUID backupId) {
            beforeLocate.accept(backupId);
            return super.locate(backupId);
        }
    }

    /**
     * An input that makes its items only when asked (nothing is stored), counts how many were taken, and at
     * each take records how far it is ahead of the outcomes reported so far.
     */
    static final class LazyInput<T> implements Iterable<T> {
        private final long size;
        private final IntFunction<T> item;
        private final AtomicLong taken = new AtomicLong();
        private final AtomicLong maxAhead = new AtomicLong();
        private volatile LongSupplier reported = () -> 0;
        private boolean iterated;

        LazyInput(long size, IntFunction<T> item) {
            this.size = size;
            this.item = item;
        }

        /** Tells the input how many outcomes have been reported, to measure how far ahead it is taken. */
        LazyInput<T> reported(LongSupplier reported) {
            this.reported = reported;
            return this;
        }

        /** Items handed out so far. */
        long taken() {
            return taken.get();
        }

        /** The most items ever handed out but not yet reported, counting the one being handed out. */
        long maxAhead() {
            return maxAhead.get();
        }

        /** Makes the next item; used by {@link #iterator()} and by streams built over this input. */
        T take() {
            long n = taken.incrementAndGet();
            maxAhead.accumulateAndGet(n - reported.getAsLong(), Math::max);
            return item.apply((int) (n - 1));
        }

        @Override
        public synchronized Iterator<T> iterator() {
            assertThat(iterated).as("the input is iterated once").isFalse();
            iterated = true;
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return taken.get() < size;
                }

                @Override
                public T next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return take();
                }
            };
        }
    }

    /** Workers wait at {@link #hold()} until the test calls {@link #release()}; the test can wait for arrivals. */
    static final class Gate {
        private final CountDownLatch arrived;
        private final CountDownLatch released = new CountDownLatch(1);
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());

        Gate(int expectedArrivals) {
            arrived = new CountDownLatch(expectedArrivals);
        }

        void hold() {
            arrived.countDown();
            try {
                if (!released.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    problems.add("a held worker was never released");
                }
            } catch (InterruptedException e) {
                problems.add("a held worker was interrupted");
                Thread.currentThread().interrupt();
            }
        }

        /** Waits (bounded) for the expected number of workers to arrive; false if they did not. */
        boolean awaitArrivals() throws InterruptedException {
            return arrived.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        void release() {
            released.countDown();
        }
    }

    /** A bulk call on its own thread: what it returned or threw, and whether its interrupt flag was set after. */
    static final class Caller<T> {
        final Thread thread;
        private volatile T result;
        private volatile Throwable thrown;
        private volatile boolean interruptedAfter;

        private Caller(Callable<T> call) {
            thread = new Thread(() -> {
                try {
                    result = call.call();
                } catch (Throwable e) {
                    thrown = e;
                } finally {
                    interruptedAfter = Thread.currentThread().isInterrupted();
                }
            }, "bulk-caller");
            thread.setDaemon(true);
        }

        static <T> Caller<T> start(Callable<T> call) {
            Caller<T> caller = new Caller<>(call);
            caller.thread.start();
            return caller;
        }

        /**
         * Waits until the calling thread is parked (waiting on a lock, latch or semaphore) or has ended. This
         * is a wait for a state, not a timing: it only lets a test act while the runner is blocked.
         */
        void awaitParkedOrDone() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            EnumSet<Thread.State> parked = EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING,
                    Thread.State.TERMINATED);
            while (!parked.contains(thread.getState())) {
                assertThat(System.nanoTime()).as("the bulk caller parks or ends").isLessThan(deadline);
                Thread.sleep(1);
            }
        }

        /** Joins the call (bounded) and returns what it threw, or {@code null}. */
        Throwable join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertThat(thread.isAlive()).as("the bulk call ended").isFalse();
            return thrown;
        }

        T result() throws InterruptedException {
            Throwable e = join();
            assertThat(e).as("the bulk call threw").isNull();
            return result;
        }

        boolean interruptedAfter() {
            return interruptedAfter;
        }
    }
}
