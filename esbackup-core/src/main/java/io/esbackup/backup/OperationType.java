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
    BULK_RESTORE,
    /**
     * A retention policy applied ({@code forget}); its outcome's items are the backups removed (or, in a dry run,
     * that would be), its failures the deletions that failed.
     */
    FORGET,
    /** One aggregate's data key destroyed ({@code shred}); items is 1 when there was a key to destroy, else 0. */
    SHRED,
    /**
     * Backups copied to another location ({@code copyTo}); items are the backups copied (or, in a dry run, that
     * would be), bytes the archive bytes, failures the backups that could not be.
     */
    COPY,
    /**
     * Missing id pointers recreated ({@code repair}); items are the pointers written (or, in a dry run, that would
     * be), failures the backups whose pointer disagrees or could not be checked.
     */
    REPAIR
}
