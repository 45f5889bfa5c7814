package io.esbackup.backup;

/** Why a bulk run stopped before every item was done. */
public enum BulkStop {
    /** A failure stopped new work (continueOnError was off). */
    FAILED,
    /** The calling thread was interrupted. */
    INTERRUPTED,
    /** Reading the input (an ids file, a listing) failed; the exception's cause says why. */
    INPUT_FAILED
}
