package io.esbackup.backup;

/**
 * What a clean-up of packs removed (or, in a dry run, would remove): the runs that never committed, and the
 * packs whose every entry was deleted, with the bytes their data and index held.
 */
public record PackSweep(int unfinishedRuns, int packsReclaimed, long bytesReclaimed) {
    public static final PackSweep NONE = new PackSweep(0, 0, 0);

    public PackSweep plus(PackSweep other) {
        return new PackSweep(unfinishedRuns + other.unfinishedRuns, packsReclaimed + other.packsReclaimed,
                bytesReclaimed + other.bytesReclaimed);
    }
}
