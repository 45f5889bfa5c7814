package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobWriter;

/**
 * Where one backup's archive and manifest go: its own objects in the provider, or an entry of a pack run.
 * {@link BackupOperation} writes every backup the same way through it.
 */
interface BackupSlot {

    BackupLocation location();

    BlobInfo writeArchive(BlobWriter archive);

    /** The commit point of this backup (for a packed entry, its run's commit makes it visible). */
    void commit(BackupManifest manifest, boolean mayHaveBeenSwept);

    /** Removes the archive written so far, before it is written again. */
    void discardArchive();

    /** The backup failed before its commit: removes what it wrote. */
    void discard();

    String describe();

    /** A backup of its own in {@code provider}. */
    static BackupSlot in(BackupProvider provider, BackupLocation location) {
        return new BackupSlot() {
            @Override
            public BackupLocation location() {
                return location;
            }

            @Override
            public BlobInfo writeArchive(BlobWriter archive) {
                return provider.writeArchive(location, archive);
            }

            @Override
            public void commit(BackupManifest manifest, boolean mayHaveBeenSwept) {
                provider.writeManifest(location, manifest, mayHaveBeenSwept);
            }

            @Override
            public void discardArchive() {
                provider.delete(location);
            }

            @Override
            public void discard() {
                provider.delete(location);
            }

            @Override
            public String describe() {
                return provider.describe(location);
            }
        };
    }

    /** An entry of a pack run. */
    static BackupSlot in(PackEntry entry) {
        return new BackupSlot() {
            @Override
            public BackupLocation location() {
                return entry.location();
            }

            @Override
            public BlobInfo writeArchive(BlobWriter archive) {
                return entry.writeArchive(archive);
            }

            @Override
            public void commit(BackupManifest manifest, boolean mayHaveBeenSwept) {
                entry.commit(manifest);
            }

            @Override
            public void discardArchive() {
                // the next archive replaces it; its bytes stay in the pack unused
            }

            @Override
            public void discard() {
                entry.abandon();
            }

            @Override
            public String describe() {
                return entry.describe();
            }
        };
    }
}
