package io.esbackup.backup;

/**
 * One operation of a {@link BackupRestoreService}, as an {@link OperationListener} is told about it.
 *
 * @param id         unique among the operations of every service in this JVM, so a listener can tell apart two
 *                   that run at once on the same aggregate, or in two services it is registered with
 * @param type       what it does
 * @param kind       how: {@code full}, {@code incremental}, {@code packed} or {@code packed-incremental} for a
 *                   backup or bulk backup; {@code restore} or {@code clone} for a restore; {@code restore} or
 *                   {@code as-of} for a bulk restore; {@code cleanup} or {@code dry-run} for a clean-up
 * @param objectName the aggregate's object name; {@code null} where there is none (a clean-up, a bulk restore, an
 *                   item of a bulk restore whose backup was not found)
 * @param objectId   the aggregate's id (for a clone, the id it is cloned to); {@code null} for runs over many
 */
public record Operation(long id, OperationType type, String kind, String objectName, String objectId) {
    public Operation {
        if (type == null || kind == null) {
            throw new IllegalArgumentException("type and kind must not be null");
        }
    }
}
