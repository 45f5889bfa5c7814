package io.esbackup.backup;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a service's {@link OperationListener}s about its operations, and keeps a listener's failure away from the
 * operation: one that throws is logged and the operation goes on as if it had not been there.
 */
final class OperationEvents {
    private static final Logger LOG = LoggerFactory.getLogger(OperationEvents.class);

    // One sequence for every service: a listener shared by two services (the Spring Boot starter's metrics) keys
    // what it keeps by the id, and ids that restarted at 1 per service would mix their operations up.
    private static final AtomicLong IDS = new AtomicLong();

    private final List<OperationListener> listeners;

    OperationEvents(List<OperationListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    Operation start(OperationType type, String kind, String objectName, String objectId) {
        Operation operation = new Operation(IDS.incrementAndGet(), type, kind, objectName, objectId);
        each(l -> l.started(operation), "started", operation);
        return operation;
    }

    void progressed(Operation operation, long processed, long total, long failed) {
        each(l -> l.progressed(operation, processed, total, failed), "progressed", operation);
    }

    void succeeded(Operation operation, OperationOutcome outcome) {
        each(l -> l.succeeded(operation, outcome), "succeeded", operation);
    }

    void failed(Operation operation, Throwable error) {
        each(l -> l.failed(operation, error), "failed", operation);
    }

    /** Runs {@code work} as an operation: started, then succeeded with {@code outcome} of its result, or failed. */
    <R> R observe(OperationType type, String kind, String objectName, String objectId, Supplier<R> work,
                  Function<R, OperationOutcome> outcome) {
        Operation operation = start(type, kind, objectName, objectId);
        R result;
        try {
            result = work.get();
        } catch (Throwable e) {
            failed(operation, e);
            throw e;
        }
        succeeded(operation, outcomeOf(outcome, result));
        return result;
    }

    /** What a backup wrote; an incremental backup that found nothing changed ({@code null} in a bulk run) wrote nothing. */
    static OperationOutcome ofBackup(BackupHandle handle) {
        if (handle == null || handle.unchanged()) {
            return new OperationOutcome(0, 0, 1, 0);
        }
        return new OperationOutcome(handle.eventCount(), storedSize(handle), 1, 0);
    }

    /** What a restore wrote, and the archive bytes of the backup it read. */
    static OperationOutcome ofRestore(RestoreResult result, BackupHandle from) {
        return new OperationOutcome(result.eventsRestored(), from == null ? 0 : storedSize(from), 1, 0);
    }

    private static long storedSize(BackupHandle handle) {
        return handle.manifest() == null ? 0 : Math.max(0, handle.sizeBytes());
    }

    private static <R> OperationOutcome outcomeOf(Function<R, OperationOutcome> outcome, R result) {
        try {
            return outcome.apply(result);
        } catch (RuntimeException e) {
            LOG.warn("Could not tell the operation's outcome: {}", e.toString());
            return new OperationOutcome(0, 0, 1, 0);
        }
    }

    private void each(java.util.function.Consumer<OperationListener> call, String hook, Operation operation) {
        for (OperationListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                // The operation's work and result matter more than its metrics.
                LOG.warn("Operation listener {} failed in {} of {} {}: {}", listener.getClass().getName(), hook,
                        operation.type(), operation.id(), e.toString());
            }
        }
    }
}
