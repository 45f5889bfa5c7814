package io.esbackup.backup;

/** Why a bulk run stopped before every item was done. */
public enum BulkStop {
    /** A failure stopped new work (continueOnError was off). */
    FAILED,
    /** The calling thread was interrupted. */
    INTERRUPTED,
    /** Reading the input (an ids file, a listing) failed; the exception's cause says why. */
    INPUT_FAILED,
    /**
     * A packed run could not commit (writing a pack, an index or the run's commit object failed): none of its
     * backups exists, whatever its items reported. The exception's cause is the storage's failure.
     */
    COMMIT_FAILED
}
