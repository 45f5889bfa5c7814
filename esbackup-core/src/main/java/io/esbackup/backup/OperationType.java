package io.esbackup.backup;

/** What an {@link Operation} does. */
public enum OperationType {
    /** One aggregate backed up: alone, or as one item of a bulk run. */
    BACKUP,
    /** One backup restored or cloned: alone, or as one item of a bulk run. */
    RESTORE,
    /** A clean-up of expired and unfinished backups, abandoned restores and temporary files. */
    CLEANUP,
    /** A bulk backup run ({@code backupMany}, {@code backupAll}); its items are {@link #BACKUP}s. */
    BULK_BACKUP,
    /** A bulk restore run ({@code restoreMany}, {@code restoreManyById}, {@code restoreAsOf}); items are {@link #RESTORE}s. */
    BULK_RESTORE
}
