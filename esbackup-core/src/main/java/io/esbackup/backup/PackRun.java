package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import java.util.stream.Stream;

/**
 * A bulk run writing its backups into packs. Workers call {@link #begin} at the same time; each entry holds
 * one pack until it is committed or abandoned, so a run has at most as many packs open as workers. Close it
 * (after {@link #commit}, or instead of it to discard the run).
 */
public interface PackRun extends AutoCloseable {

    /** The run's id as it appears in keys. */
    String runId();

    /** Starts the backup of one aggregate: reserves its place and its backup id in a pack. */
    PackEntry begin(String objectName, String objectId, String subfolder);

    /**
     * Closes the open packs, writes their indexes, then the run's commit object: from then on every
     * committed entry exists. Every entry begun must have been committed or abandoned.
     *
     * @return how many backups the run committed
     */
    long commit();

    /** After the commit, the manifests of the backups it made, read back from what was written. Close it. */
    Stream<BackupManifest> manifests();

    /** After a commit, nothing; otherwise removes what the run wrote (best effort: clean-up finishes it). */
    @Override
    void close();
}
