package io.esbackup.backup;

/**
 * Told when each operation of a {@link BackupRestoreService} starts, progresses and ends: metrics, traces and
 * audit logs implement it (the Spring Boot starter's Micrometer one does), so the core calls no metrics library.
 * Register one with {@link BackupRestoreServiceBuilder#listener}.
 *
 * <p>For each operation, {@code started} comes first and once, then {@code progressed} any number of times (bulk
 * runs only), then exactly one of {@code succeeded} or {@code failed}. Bulk runs call it from their worker
 * threads, for several operations at once: an implementation must be thread-safe. One that throws is logged
 * and ignored; it never changes what the operation does. It should return quickly: it runs on the operation's
 * thread.
 */
public interface OperationListener {
    /** Is told nothing. */
    OperationListener NONE = new OperationListener() {};

    /** {@code operation} begins. */
    default void started(Operation operation) {}

    /**
     * A bulk run finished one more item: {@code processed} so far, {@code failed} of them failed, of {@code total}
     * ({@code -1} while unknown).
     */
    default void progressed(Operation operation, long processed, long total, long failed) {}

    /** {@code operation} finished. */
    default void succeeded(Operation operation, OperationOutcome outcome) {}

    /** {@code operation} failed with {@code error}, which the caller receives too. */
    default void failed(Operation operation, Throwable error) {}
}
