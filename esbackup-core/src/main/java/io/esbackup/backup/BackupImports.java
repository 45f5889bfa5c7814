package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.blob.BlobWriter;
import java.util.Map;
import java.util.Optional;

/**
 * A capability of a {@link BackupProvider} in esbackup's own layout: it takes a backup committed elsewhere,
 * under that backup's own id and location, which is what {@code copy} writes to (docs/ARCHITECTURE.md section
 * 7c). Found with {@code provider.capability(BackupImports.class)}; {@link BlobBackupProvider} answers.
 */
public interface BackupImports {

    /**
     * The manifest this provider holds for the backup {@code manifest} describes, read where that backup's
     * location puts it (no lookup by id, no scan), or empty if it holds none there.
     */
    Optional<BackupManifest> imported(BackupManifest manifest);

    /**
     * Stores the backup {@code manifest} describes in the write order of a backup of its own (id pointer, archive,
     * manifest last), every write create-only. An earlier import of the same backup that was interrupted is
     * finished, not redone: its pointer is taken as it is when it says the same, and its archive when its size and
     * SHA-256 are the manifest's. {@code archive} writes the stored bytes; it throws to abandon the import (a source
     * that fails its checksum), and then no archive is published.
     *
     * @return {@code false} if the backup was here already with the same size and SHA-256: its manifest was there
     *         (written by another copy since it was looked for), so this call wrote no manifest, though it may have
     *         put back a missing id pointer
     * @throws io.esbackup.error.ConflictException this provider holds something else under the backup's id: another
     *                                              backup, or an unfinished archive that is not this backup's
     */
    boolean importBackup(BackupManifest manifest, BlobWriter archive);

    /**
     * Where this provider's writes each wait to be durable and can share that wait (a local folder), imports made
     * in a {@link Batch}; empty where a batch would gain nothing (Azure, S3: each write is a request, durable when it
     * returns), and {@link #importBackup} one by one is the way.
     */
    default Optional<Batches> batches() {
        return Optional.empty();
    }

    /**
     * Where asking whether a backup is here costs a request (Azure, S3), which backups were here when this was
     * called, from one listing: a copy then asks only about those that may be. Empty where a look is cheap (a
     * local folder) or the listing would not fit in memory.
     */
    default Optional<Presence> presence() {
        return Optional.empty();
    }

    /** Which backups a provider held when it was listed. */
    interface Presence {
        /**
         * {@code false} if the provider held no manifest for {@code manifest}'s backup where its location puts it
         * when it was listed; {@code true} if it did or may have (then look with {@link #imported}). A backup
         * imported since, or one held in a pack, may be reported absent: {@link #importBackup} still finds it
         * and writes nothing.
         */
        boolean mayHold(BackupManifest manifest);
    }

    /** Opens batches of imports. */
    interface Batches {
        /** A batch on the calling thread; use and close it on that thread. */
        Batch begin();
    }

    /**
     * Imports whose waits are shared: each {@link #add} writes a backup's pointer and archive without waiting for
     * them; {@link #commit} makes them all durable with one wait, then writes every manifest (each content first,
     * so none is found torn after a crash) and waits once more. A crash before the commit returns may lose any of
     * the batch's writes, but never leaves a manifest whose archive was lost: a later import finishes what is left,
     * as it finishes an interrupted {@link #importBackup}. One use: add, commit, close.
     */
    interface Batch extends AutoCloseable {

        /**
         * The first half of {@link #importBackup}: pointer and archive, not yet durable, no manifest.
         *
         * @return {@code false} if the backup was here already with the same size and SHA-256 (nothing written)
         */
        boolean add(BackupManifest manifest, BlobWriter archive);

        /**
         * A backup found here already (to be counted as there): where it may be what an earlier batch wrote and
         * never committed (this provider decides: a local folder, a manifest written in the last ten minutes), its
         * files are made durable by this batch's commit too, and a failed commit fails it. Call before
         * {@link #commit}.
         */
        default void keep(BackupManifest manifest) {
        }

        /**
         * Makes the added backups durable and writes their manifests. A backup is imported when this returns and
         * its id is not among the failures; a failed commit of the batch's writes fails each of them.
         *
         * @return the failure of each added or kept backup that was not imported or kept, by backup id (empty: all
         *         were)
         */
        Map<String, RuntimeException> commit();

        /**
         * After {@link #commit}: whether the added backup's manifest was here already, the same (another copy wrote
         * it since the backup was added), so that this batch imported nothing of it.
         */
        default boolean foundHere(String backupId) {
            return false;
        }

        /** Ends the batch; what was added and not committed is left as an interrupted import. */
        @Override
        void close();
    }
}
