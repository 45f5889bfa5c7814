package io.esbackup.backup;

import io.esbackup.backup.BulkRunner.Outcome;
import io.esbackup.backup.BulkRunner.Stop;
import io.esbackup.archive.BackupManifest;
import io.esbackup.error.BackupNotFoundException;
import io.esbackup.internal.Chunks;
import io.esbackup.model.Ids;
import io.esbackup.store.EventStore;
import io.esbackup.store.ListedFingerprints;
import io.esbackup.store.ObjectIdListing;
import io.esbackup.store.StreamFingerprints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's bulk operations: one backup or restore per item of a lazy input, bounded in flight, with
 * progress and a result whose lists are capped while its counts stay exact.
 */
final class BulkOperations {
    private static final Logger LOG = LoggerFactory.getLogger(BulkOperations.class);

    private final EventStore store;
    private final BackupOperation backups;
    private final RestoreOperation restores;
    private final BackupCatalog catalog;
    private final Clock clock;
    private final IncrementalBackup incremental;
    private final OperationEvents events;

    BulkOperations(EventStore store, BackupOperation backups, RestoreOperation restores, BackupCatalog catalog,
                   Clock clock, OperationEvents events) {
        this.store = store;
        this.backups = backups;
        this.restores = restores;
        this.catalog = catalog;
        this.clock = clock;
        this.incremental = new IncrementalBackup(store, backups, catalog, clock);
        this.events = events;
    }

    BulkBackupResult backupMany(Iterable<String> objectIds, String objectName, BulkBackupOptions options) {
        require("objectIds", objectIds);
        require("options", options);
        return backupMany(objectIds.iterator(), sizeOf(objectIds), objectName, options, false);
    }

    BulkBackupResult backupMany(Stream<String> objectIds, String objectName, BulkBackupOptions options) {
        return backupMany(objectIds, objectName, options, false);
    }

    private BulkBackupResult backupMany(Stream<String> objectIds, String objectName, BulkBackupOptions options,
                                        boolean wholeStore) {
        require("objectIds", objectIds);
        require("options", options);
        try (objectIds) {
            Spliterator<String> ids = objectIds.spliterator();
            return backupMany(Spliterators.iterator(ids), ids.getExactSizeIfKnown(), objectName, options, wholeStore);
        }
    }

    /** Every aggregate the store lists; a store that cannot list them ({@link ObjectIdListing}) is refused. */
    BulkBackupResult backupAll(String objectName, BulkBackupOptions options) {
        Ids.requireValid("objectName", objectName);
        ObjectIdListing listing = store.capability(ObjectIdListing.class).orElseThrow(() ->
                new IllegalStateException("the event store cannot list the aggregates of " + objectName
                        + "; back them up by id (backupMany)"));
        return backupMany(listing.listObjectIds(objectName), objectName, options, true);
    }

    BulkRestoreResult restoreMany(Iterable<BackupHandle> handles, BulkRestoreOptions options) {
        require("handles", handles);
        require("options", options);
        return restoreMany(handles.iterator(), sizeOf(handles), BackupHandle::backupId, h -> h, options, "restore");
    }

    /** Each id is looked up when its turn comes, so an unknown id fails that item only. */
    BulkRestoreResult restoreManyById(Iterable<UUID> backupIds, BulkRestoreOptions options) {
        return restoreManyById(backupIds, options, "restore");
    }

    private BulkRestoreResult restoreManyById(Iterable<UUID> backupIds, BulkRestoreOptions options, String kind) {
        require("backupIds", backupIds);
        require("options", options);
        return restoreMany(backupIds.iterator(), sizeOf(backupIds), id -> id, id -> catalog.get(require("backupId", id))
                .orElseThrow(() -> new BackupNotFoundException(String.valueOf(id))), options, kind);
    }

    /** See {@link BackupRestoreService#restoreAsOf}: the whole selection is made before the first restore. */
    BulkRestoreResult restoreAsOf(Instant asOf, String objectName, BulkRestoreOptions options) {
        require("asOf", asOf);
        if (objectName != null) {
            Ids.requireValid("objectName", objectName);
        }
        require("options", options);
        return restoreManyById(AsOfSelection.select(catalog, asOf, objectName).backupIds(), options, "as-of");
    }

    /** {@code wholeStore}: the input is every aggregate of {@code objectName} (backupAll). */
    private BulkBackupResult backupMany(Iterator<String> input, long inputSize, String objectName,
                                        BulkBackupOptions options, boolean wholeStore) {
        Ids.requireValid("objectName", objectName);
        // A missing keyset or a provider without data keys would fail every item alike: say it once, up front.
        backups.requireEncryptable(options.backupOptions());
        String kind = kindOf(options);
        Operation run = events.start(OperationType.BULK_BACKUP, kind, objectName, null);
        try {
            BulkBackupResult result = backupMany(input, inputSize, objectName, options, wholeStore, run, kind);
            events.succeeded(run, new OperationOutcome(0, 0, result.successCount(), result.failureCount()));
            return result;
        } catch (Throwable e) {
            events.failed(run, e);
            throw e;
        }
    }

    private static String kindOf(BulkBackupOptions options) {
        boolean delta = options.backupOptions().incremental();
        if (options.pack()) {
            return delta ? "packed-incremental" : "packed";
        }
        return delta ? "incremental" : "full";
    }

    private BulkBackupResult backupMany(Iterator<String> input, long inputSize, String objectName,
                                        BulkBackupOptions options, boolean wholeStore, Operation operation,
                                        String kind) {
        // Other shards' ids are passed over unread and uncounted; how many are this shard's is unknown till the end.
        Shard shard = options.shard();
        Instant start = clock.instant();
        Tally<String, BackupHandle, BackupFailure> tally = new Tally<>(options.maxResultsKept(),
                (id, e) -> new BackupFailure(id, message(e), e));
        Consumer<BulkBackupProgress> listener = options.onProgress();
        long[] unchanged = {0};
        // An incremental run finds every parent in one listing, made before its first backup. A run over the
        // whole store also lists the store once, so that an aggregate the listing shows as its parent recorded it
        // is not read at all (a run over given ids may be a few of millions: it reads those). The listing (system
        // calls, or requests) runs beside the parents' index (parsing) on a thread of its own, even in a first
        // run, which finds no parent: telling that first would read the backups twice. With a registry no parent
        // is judged from a listing (ParentIndex.listable), so none is made.
        BackupOptions backupOptions = options.backupOptions();
        boolean listStore = backupOptions.incremental() && wholeStore && catalog.registry().isEmpty();
        CompletableFuture<ListedFingerprints> listing = listStore ? listInBackground(objectName)
                : CompletableFuture.completedFuture(null);
        ParentIndex parents = backupOptions.incremental()
                ? ParentIndex.build(catalog, backupOptions, objectName, start) : null;
        ListedFingerprints listed = joined(listing);
        // The listing just made names every aggregate: the run takes them from it, not from a second listing.
        Iterator<String> all = listed == null ? input : listed.objectIds();
        long size = listed == null ? inputSize : listed.objectIdCount();
        Iterator<String> objectIds = shard.isAll() ? all : new ShardFilter(all, shard);
        long total = shard.isAll() ? size : -1;
        PackRun run = options.pack() ? backups.startPackRun(options.packLimits()) : null;
        try {
            BulkRunner<String, BackupHandle> runner = new BulkRunner<>(options.maxConcurrency(),
                    options.continueOnError(),
                    id -> events.observe(OperationType.BACKUP, kind, objectName, id, () -> parents != null
                            ? incremental(objectName, id, backupOptions, parents, listed, run, tally)
                            : run != null ? backups.backupInto(run, objectName, id, backupOptions)
                            : backups.backupStream(objectName, id, backupOptions, null), OperationEvents::ofBackup),
                    outcome -> {
                        tally.add(outcome);
                        if (outcome.failure() == null && (outcome.result() == null || outcome.result().unchanged())) {
                            unchanged[0]++;
                        }
                        notify(listener, new BulkBackupProgress(total, tally.processed, tally.succeeded,
                                tally.failed, outcome.item(), unchanged[0]));
                        events.progressed(operation, tally.processed, total, tally.failed);
                    });
            Stop stop = runner.run(objectIds);
            if (run != null) {
                commit(run, tally, start, unchanged[0]);
            }
            return result(stop, runner, tally, start, unchanged[0]);
        } finally {
            if (run != null) {
                run.close();
            }
        }
    }

    /**
     * The store's listing of {@code objectName}'s documents and streams ({@link StreamFingerprints}), taken on a
     * thread of its own; it completes with {@code null} where the store cannot list them, or the listing failed:
     * every aggregate is then read, as without it.
     */
    private CompletableFuture<ListedFingerprints> listInBackground(String objectName) {
        Optional<StreamFingerprints> fingerprints = store.capability(StreamFingerprints.class);
        if (fingerprints.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return fingerprints.get().listFingerprints(objectName).orElse(null);
            } catch (RuntimeException e) {
                LOG.warn("Could not list the documents and streams of {}; every aggregate is read instead: {}",
                        objectName, e.getMessage());
                return null;
            }
        }, task -> {
            Thread t = new Thread(task, "esbackup-store-listing");
            t.setDaemon(true);
            t.start();
        });
    }

    /** The listing's result; an {@link Error} it met (out of memory while its tables grew) as itself. */
    private static ListedFingerprints joined(CompletableFuture<ListedFingerprints> listing) {
        try {
            return listing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * One aggregate of an incremental run. Where the listing shows it as its parent recorded it, it is unchanged
     * without a read: its parent's manifest is read (and confirmed, as a parent found otherwise is) only for a
     * result that will be kept, and {@code null} (counted, not kept) is returned once the kept results are full.
     * Otherwise it is read and decided as a single backup.
     */
    private BackupHandle incremental(String objectName, String objectId, BackupOptions options, ParentIndex parents,
                                     ListedFingerprints listed, PackRun run, Tally<?, ?, ?> tally) {
        Optional<UUID> same = listed == null ? Optional.empty() : parents.unchangedParent(objectName, objectId, listed);
        if (same.isPresent()) {
            if (tally.successesFull()) {
                return null;
            }
            Optional<BackupManifest> parent = ParentIndex.confirmed(catalog, same.get(), options.location(),
                    objectName, objectId, clock.instant());
            if (parent.isPresent()) {
                return catalog.handle(parent.get()).asUnchanged();
            }
        }
        return incremental.backupStream(objectName, objectId, options, null, parents, run);
    }

    /**
     * Commits a pack run: its backups exist from here on, and the registry hears of them. A run that cannot
     * commit has made no backup at all, whatever its items reported (an unchanged aggregate's backup is an
     * older one, and stays).
     */
    private void commit(PackRun run, Tally<String, BackupHandle, BackupFailure> tally, Instant start,
                        long unchanged) {
        // An interrupted run commits what its items finished, as a run of its own backups keeps them; the
        // flag is put back for the caller after the commit's waits.
        boolean interrupted = Thread.interrupted();
        try {
            run.commit();
        } catch (RuntimeException e) {
            BulkBackupResult none = new BulkBackupResult(tally.processed, 0, tally.processed, List.of(), List.of(),
                    Duration.between(start, clock.instant()), tally.processed > 0, 0);
            throw new BulkBackupException("Bulk backup wrote " + (tally.succeeded - unchanged)
                    + " backups into pack run " + run.runId() + " but could not commit it, so none of them exists: "
                    + message(e), BulkStop.COMMIT_FAILED, none, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        catalog.recordedAll(run);
    }

    private BulkBackupResult result(Stop stop, BulkRunner<String, BackupHandle> runner,
                                    Tally<String, BackupHandle, BackupFailure> tally, Instant start, long unchanged) {
        BulkBackupResult result = new BulkBackupResult(tally.processed, tally.succeeded, tally.failed,
                tally.successes, tally.failures, Duration.between(start, clock.instant()), tally.truncated,
                unchanged);
        if (stop != Stop.COMPLETED) {
            throw new BulkBackupException(stopMessage("backup", stop, runner, result.successCount(),
                    result.failureCount()), reason(stop), result, cause(stop, runner, tally));
        }
        return result;
    }

    /**
     * Restores each item in place. Where the store gains from it ({@link RestoreGroup#worthwhile}), the items go
     * in groups that commit together; each item still has its own outcome.
     */
    private <T> BulkRestoreResult restoreMany(Iterator<T> items, long total, Function<T, UUID> idOf,
                                              Function<T, BackupHandle> handleOf, BulkRestoreOptions options,
                                              String kind) {
        Operation operation = events.start(OperationType.BULK_RESTORE, kind, null, null);
        try {
            BulkRestoreResult result = restoreMany(RestoreItem.wrap(items), total, item -> idOf.apply(item.value),
                    RestoreItem.handles(handleOf, events), options, operation);
            events.succeeded(operation, new OperationOutcome(0, 0, result.successCount(), result.failureCount()));
            return result;
        } catch (Throwable e) {
            events.failed(operation, e);
            throw e;
        }
    }

    private <T> BulkRestoreResult restoreMany(Iterator<RestoreItem<T>> items, long total,
                                              Function<RestoreItem<T>, UUID> idOf,
                                              Function<RestoreItem<T>, BackupHandle> handleOf,
                                              BulkRestoreOptions options, Operation operation) {
        Instant start = clock.instant();
        // A null item is that item's failure, not a crash of the reporting.
        Function<RestoreItem<T>, UUID> id = item -> item.value == null ? null : idOf.apply(item);
        Tally<RestoreItem<T>, RestoreResult, RestoreFailure> tally = new Tally<>(options.maxResultsKept(),
                (item, e) -> new RestoreFailure(id.apply(item), message(e), e));
        Consumer<BulkRestoreProgress> listener = options.onProgress();
        Consumer<Outcome<RestoreItem<T>, RestoreResult>> report = outcome -> {
            tally.add(outcome);
            notify(listener, new BulkRestoreProgress(total, tally.processed, tally.succeeded, tally.failed,
                    id.apply(outcome.item())));
            RestoreItem.report(outcome, events);
            events.progressed(operation, tally.processed, total, tally.failed);
        };
        RestoreOptions restoreOptions = options.restoreOptions();
        BulkRunner<?, ?> runner;
        Stop stop;
        if (RestoreGroup.worthwhile(store)) {
            RestoreGroup groups = new RestoreGroup(store, restores, clock);
            BulkRunner<List<RestoreItem<T>>, List<Outcome<RestoreItem<T>, RestoreResult>>> grouped = new BulkRunner<>(
                    options.maxConcurrency(), options.continueOnError(),
                    group -> {
                        List<Outcome<RestoreItem<T>, RestoreResult>> outcomes = groups.restore(group, handleOf,
                                restoreOptions, !options.continueOnError());
                        RestoreItem.cancelUnfinished(group, outcomes, events);
                        return outcomes;
                    },
                    (Outcome<List<RestoreItem<T>>, List<Outcome<RestoreItem<T>, RestoreResult>>> outcome) -> {
                        if (outcome.failure() != null) {
                            outcome.item().forEach(item -> report.accept(new Outcome<>(item, null, outcome.failure())));
                        } else {
                            outcome.result().forEach(report);
                        }
                    },
                    results -> results.stream().anyMatch(o -> o.failure() != null));
            runner = grouped;
            stop = grouped.run(new Chunks<>(items, groupSize(total, options.maxConcurrency())));
        } else {
            BulkRunner<RestoreItem<T>, RestoreResult> single = new BulkRunner<>(options.maxConcurrency(),
                    options.continueOnError(),
                    item -> restores.restore(handleOf.apply(item), null, false, restoreOptions, null), report);
            runner = single;
            stop = single.run(items);
        }
        BulkRestoreResult result = new BulkRestoreResult(tally.processed, tally.succeeded, tally.failed,
                tally.successes, tally.failures, Duration.between(start, clock.instant()), tally.truncated);
        if (stop != Stop.COMPLETED) {
            throw new BulkRestoreException(stopMessage("restore", stop, runner, result.successCount(),
                    result.failureCount()), reason(stop), result, cause(stop, runner, tally));
        }
        return result;
    }

    /** Groups large enough to share their waits, small enough that every worker gets some of a short input. */
    private static int groupSize(long total, int workers) {
        if (total < 0) {
            return RestoreGroup.MAX_SIZE;
        }
        long perWorker = (total + workers - 1) / workers;
        return (int) Math.max(1, Math.min(RestoreGroup.MAX_SIZE, perWorker));
    }

    private static long sizeOf(Iterable<?> items) {
        return items instanceof Collection<?> c ? c.size() : -1;
    }

    private static <T> T require(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
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
        // Read by the workers: once the kept successes are full, a result that is only counted need not be made.
        private volatile boolean successesFull;

        Tally(int keep, java.util.function.BiFunction<I, Throwable, F> failure) {
            this.keep = keep;
            this.failure = failure;
        }

        void add(Outcome<I, R> outcome) {
            processed++;
            if (outcome.failure() == null) {
                succeeded++;
                if (outcome.result() == null) {
                    truncated = true; // an unchanged aggregate counted only, after the kept results filled up
                } else {
                    keep(successes, outcome.result());
                    successesFull = successes.size() >= keep;
                }
            } else {
                failed++;
                if (firstFailure == null) {
                    firstFailure = outcome.failure();
                }
                keep(failures, failure.apply(outcome.item(), outcome.failure()));
            }
        }

        boolean successesFull() {
            return successesFull;
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
