package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.blob.BlobWriter;
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
     * @return {@code false} if the backup was here already with the same size and SHA-256 (nothing written)
     * @throws io.esbackup.error.ConflictException this provider holds something else under the backup's id: another
     *                                              backup, or an unfinished archive that is not this backup's
     */
    boolean importBackup(BackupManifest manifest, BlobWriter archive);
}
