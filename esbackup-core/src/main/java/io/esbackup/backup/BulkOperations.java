package io.esbackup.backup;

import io.esbackup.backup.internal.BulkRunner;
import io.esbackup.backup.internal.BulkRunner.Outcome;
import io.esbackup.backup.internal.BulkRunner.Stop;
import io.esbackup.model.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's bulk operations: one backup or restore per item of a lazy input, bounded in flight, with
 * progress and a result whose lists are capped while its counts stay exact.
 */
final class BulkOperations {
    private static final Logger LOG = LoggerFactory.getLogger(BulkOperations.class);

    private final BackupRestoreService service;
    private final Clock clock;

    BulkOperations(BackupRestoreService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    BulkBackupResult backupMany(Iterator<String> objectIds, long total, String objectName,
                                BulkBackupOptions options) {
        Ids.requireValid("objectName", objectName);
        Instant start = clock.instant();
        Tally<String, BackupHandle, BackupFailure> tally = new Tally<>(options.maxResultsKept(),
                (id, e) -> new BackupFailure(id, message(e), e));
        Consumer<BulkBackupProgress> listener = options.onProgress();
        BulkRunner<String, BackupHandle> runner = new BulkRunner<>(options.maxConcurrency(),
                options.continueOnError(),
                id -> service.backupStream(objectName, id, options.backupOptions()),
                outcome -> {
                    tally.add(outcome);
                    notify(listener, new BulkBackupProgress(total, tally.processed, tally.succeeded, tally.failed,
                            outcome.item()));
                });
        Stop stop = runner.run(objectIds);
        BulkBackupResult result = new BulkBackupResult(tally.processed, tally.succeeded, tally.failed,
                tally.successes, tally.failures, Duration.between(start, clock.instant()), tally.truncated);
        if (stop != Stop.COMPLETED) {
            throw new BulkBackupException(stopMessage("backup", stop, runner, result.successCount(),
                    result.failureCount()), reason(stop), result, cause(stop, runner, tally));
        }
        return result;
    }

    <T> BulkRestoreResult restoreMany(Iterator<T> items, long total, Function<T, UUID> idOf,
                                      Function<T, RestoreResult> restore, BulkRestoreOptions options) {
        Instant start = clock.instant();
        // A null item is that item's failure, not a crash of the reporting.
        Function<T, UUID> id = item -> item == null ? null : idOf.apply(item);
        Tally<T, RestoreResult, RestoreFailure> tally = new Tally<>(options.maxResultsKept(),
                (item, e) -> new RestoreFailure(id.apply(item), message(e), e));
        Consumer<BulkRestoreProgress> listener = options.onProgress();
        BulkRunner<T, RestoreResult> runner = new BulkRunner<>(options.maxConcurrency(), options.continueOnError(),
                restore,
                (Outcome<T, RestoreResult> outcome) -> {
                    tally.add(outcome);
                    notify(listener, new BulkRestoreProgress(total, tally.processed, tally.succeeded, tally.failed,
                            id.apply(outcome.item())));
                });
        Stop stop = runner.run(items);
        BulkRestoreResult result = new BulkRestoreResult(tally.processed, tally.succeeded, tally.failed,
                tally.successes, tally.failures, Duration.between(start, clock.instant()), tally.truncated);
        if (stop != Stop.COMPLETED) {
            throw new BulkRestoreException(stopMessage("restore", stop, runner, result.successCount(),
                    result.failureCount()), reason(stop), result, cause(stop, runner, tally));
        }
        return result;
    }

    private static <P> void notify(Consumer<P> listener, P progress) {
        if (listener == null) {
            return;
        }
        try {
            listener.accept(progress);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // A listener's bug must not lose the count of work already done.
            LOG.warn("The bulk progress listener failed: {}", e.toString());
        }
    }

    private static BulkStop reason(Stop stop) {
        return switch (stop) {
            case FAILED -> BulkStop.FAILED;
            case INTERRUPTED -> BulkStop.INTERRUPTED;
            case INPUT_FAILED, COMPLETED -> BulkStop.INPUT_FAILED;
        };
    }

    private static Throwable cause(Stop stop, BulkRunner<?, ?> runner, Tally<?, ?, ?> tally) {
        return stop == Stop.INPUT_FAILED ? runner.inputFailure() : tally.firstFailure;
    }

    private static String stopMessage(String what, Stop stop, BulkRunner<?, ?> runner, long succeeded, long failed) {
        String why = switch (stop) {
            case FAILED -> "stopped at the first failure (continueOnError is off)";
            case INTERRUPTED -> "was interrupted";
            case INPUT_FAILED -> "stopped because reading its input failed (" + message(runner.inputFailure()) + ")";
            case COMPLETED -> "completed";
        };
        return "Bulk " + what + " " + why + " after " + succeeded + " succeeded and " + failed
                + " failed; work in flight was finished, nothing else was started";
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Counts (exact) and kept results (capped). Only called under the runner's reporting lock. */
    private static final class Tally<I, R, F> {
        private final int keep;
        private final java.util.function.BiFunction<I, Throwable, F> failure;
        final List<R> successes = new ArrayList<>();
        final List<F> failures = new ArrayList<>();
        long processed;
        long succeeded;
        long failed;
        boolean truncated;
        Throwable firstFailure;

        Tally(int keep, java.util.function.BiFunction<I, Throwable, F> failure) {
            this.keep = keep;
            this.failure = failure;
        }

        void add(Outcome<I, R> outcome) {
            processed++;
            if (outcome.failure() == null) {
                succeeded++;
                keep(successes, outcome.result());
            } else {
                failed++;
                if (firstFailure == null) {
                    firstFailure = outcome.failure();
                }
                keep(failures, failure.apply(outcome.item(), outcome.failure()));
            }
        }

        private <X> void keep(List<X> list, X x) {
            if (list.size() < keep) {
                list.add(x);
            } else {
                truncated = true;
            }
        }
    }
}
