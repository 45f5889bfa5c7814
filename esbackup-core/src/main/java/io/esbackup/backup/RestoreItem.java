package io.esbackup.backup;

import io.esbackup.backup.BulkRunner.Outcome;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * One item of a bulk restore as the service's {@link OperationListener}s see it: a {@link OperationType#RESTORE}
 * that starts when its backup is found (so it is named for the aggregate it restores, even when the input is
 * backup ids) and ends with the item's outcome. A holder per position of the input, so the same backup given
 * twice is two operations.
 */
final class RestoreItem<T> {
    final T value;
    private volatile BackupHandle handle;
    private volatile Operation operation;

    private RestoreItem(T value) {
        this.value = value;
    }

    /** {@code items}, each in a holder of its own, as lazily as they come. */
    static <T> Iterator<RestoreItem<T>> wrap(Iterator<T> items) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public RestoreItem<T> next() {
                return new RestoreItem<>(items.next());
            }
        };
    }

    /** Finds the item's backup with {@code handleOf} and starts its operation. */
    static <T> Function<RestoreItem<T>, BackupHandle> handles(Function<T, BackupHandle> handleOf,
                                                             OperationEvents events) {
        return item -> {
            BackupHandle found = handleOf.apply(item.value);
            if (found == null) {
                return null; // the restore rejects it, as the item's failure
            }
            item.handle = found;
            item.operation = events.start(OperationType.RESTORE, "restore", found.objectName(), found.objectId());
            return found;
        };
    }

    /** Ends the item's operation with its outcome; an item whose backup was not found starts and fails here. */
    static <T> void report(Outcome<RestoreItem<T>, RestoreResult> outcome, OperationEvents events) {
        RestoreItem<T> item = outcome.item();
        Operation started = item.operation;
        if (outcome.failure() != null) {
            events.failed(started != null ? started
                    : events.start(OperationType.RESTORE, "restore", null, null), outcome.failure());
        } else if (started != null) {
            events.succeeded(started, OperationEvents.ofRestore(outcome.result(), item.handle));
        }
    }

    /**
     * Ends, as cancelled, the operations of a group's items that were started but have no outcome: a group that
     * stops at a failure may have found an item's backup and then not restored it.
     */
    static <T> void cancelUnfinished(List<RestoreItem<T>> group, List<Outcome<RestoreItem<T>, RestoreResult>> outcomes,
                                     OperationEvents events) {
        Set<RestoreItem<T>> reported = Collections.newSetFromMap(new IdentityHashMap<>());
        outcomes.forEach(o -> reported.add(o.item()));
        for (RestoreItem<T> item : group) {
            if (item.operation != null && !reported.contains(item)) {
                events.failed(item.operation, new CancellationException(
                        "not restored: the bulk restore stopped at a failure before this item"));
            }
        }
    }
}
