package io.esbackup.backup;

import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs one piece of work per item of a lazy input, at most {@code maxConcurrency} at a time. An item is
 * taken from the input only when a slot is free, so the input may be endless and is never held in memory.
 * Each outcome is handed to {@code onOutcome} as it finishes, one at a time (never concurrently).
 */
final class BulkRunner<I, R> {

    /** How one item ended: its result, or the failure (any throwable, an Error too: every item is counted). */
    public record Outcome<I, R>(I item, R result, Throwable failure) {}

    /** Why the run ended. */
    public enum Stop {
        /** Every item was done. */
        COMPLETED,
        /** A failure stopped new work (without continue-on-error). */
        FAILED,
        /** The calling thread was interrupted. */
        INTERRUPTED,
        /** Reading the input failed ({@link #inputFailure()}). */
        INPUT_FAILED
    }

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final int maxConcurrency;
    private final boolean continueOnError;
    private final Function<I, R> work;
    private final Consumer<Outcome<I, R>> onOutcome;
    private final Predicate<R> failedWithin;
    private RuntimeException inputFailure;

    public BulkRunner(int maxConcurrency, boolean continueOnError, Function<I, R> work,
                      Consumer<Outcome<I, R>> onOutcome) {
        this(maxConcurrency, continueOnError, work, onOutcome, r -> false);
    }

    /**
     * A runner whose items are groups: {@code failedWithin} tells a result that holds a failure of one of the
     * group's own items, which stops new work as a thrown failure does (without continue-on-error).
     */
    public BulkRunner(int maxConcurrency, boolean continueOnError, Function<I, R> work,
                      Consumer<Outcome<I, R>> onOutcome, Predicate<R> failedWithin) {
        this.maxConcurrency = maxConcurrency;
        this.continueOnError = continueOnError;
        this.work = work;
        this.onOutcome = onOutcome;
        this.failedWithin = failedWithin;
    }

    /**
     * Runs every item, or until a failure (without continue-on-error) or an interrupt stops new work; work
     * in flight always finishes before this returns. Without continue-on-error any failure ends in
     * {@link Stop#FAILED}, even one in the last item. An interrupt is kept on the calling thread.
     */
    public Stop run(Iterator<I> items) {
        ExecutorService pool = Executors.newFixedThreadPool(maxConcurrency, threads());
        Semaphore slots = new Semaphore(maxConcurrency);
        AtomicBoolean failed = new AtomicBoolean();
        Object reporting = new Object();
        Stop stop = Stop.COMPLETED;
        boolean interrupted = false;
        try {
            while (true) {
                if (!continueOnError && failed.get()) {
                    stop = Stop.FAILED;
                    break;
                }
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop = Stop.INTERRUPTED;
                    break;
                }
                // Checked again: the failure may have come while waiting for the slot.
                if (!continueOnError && failed.get()) {
                    slots.release();
                    stop = Stop.FAILED;
                    break;
                }
                // Asked only with a slot in hand: a stream's iterator reads an item to answer hasNext.
                I item;
                try {
                    if (!items.hasNext()) {
                        slots.release();
                        break;
                    }
                    item = items.next();
                } catch (RuntimeException e) {
                    // The ids file or listing broke: what was done so far still counts.
                    slots.release();
                    inputFailure = e;
                    stop = Stop.INPUT_FAILED;
                    break;
                }
                pool.execute(() -> {
                    try {
                        Outcome<I, R> outcome;
                        try {
                            R result = work.apply(item);
                            if (failedWithin.test(result)) {
                                failed.set(true);
                            }
                            outcome = new Outcome<>(item, result, null);
                        } catch (Throwable e) {
                            // An Error too: an item without an outcome would be missing from the counts.
                            failed.set(true);
                            outcome = new Outcome<>(item, null, e);
                        }
                        synchronized (reporting) {
                            onOutcome.accept(outcome);
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
        } finally {
            pool.shutdown();
            interrupted |= awaitUninterruptibly(pool);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        // A failure among the last items in flight came after the input ran out: it stopped nothing, but
        // without continue-on-error the run failed all the same, wherever the failure was.
        if (stop == Stop.COMPLETED && !continueOnError && failed.get()) {
            stop = Stop.FAILED;
        }
        return stop;
    }

    /** Why reading the input failed, when {@link #run} ended with {@link Stop#INPUT_FAILED}. */
    public RuntimeException inputFailure() {
        return inputFailure;
    }

    /** Waits for the work in flight to end; returns whether the wait was interrupted (and went on). */
    private static boolean awaitUninterruptibly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.HOURS)) {
                    return interrupted;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    private static ThreadFactory threads() {
        int run = RUNS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "esbackup-bulk-" + run + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
