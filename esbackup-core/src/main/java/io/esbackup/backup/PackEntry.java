package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobWriter;

/** One backup being written into a pack; it holds its pack until {@link #commit} or {@link #abandon}. */
public interface PackEntry {

    /** Where the backup will be: its backup id names its run, pack and place. */
    BackupLocation location();

    /**
     * Appends the archive to the pack. Called again (a backup written a second time), the later archive
     * replaces the earlier one, whose bytes stay in the pack unused.
     *
     * @return the archive's size as appended
     */
    BlobInfo writeArchive(BlobWriter archive);

    /** Records the manifest: the backup exists once its run commits. Releases the pack. */
    void commit(BackupManifest manifest);

    /** The backup failed: its place stays empty. Releases the pack. */
    void abandon();

    /** Where the entry is, for display. */
    String describe();
}
