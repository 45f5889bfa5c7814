package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A finished backup, as its manifest describes it. The first six fields are the reference's
 * {@code IBackupHandle}; the rest are read from the manifest.
 *
 * @param location  the key of the archive in the backup store
 * @param unchanged whether an incremental backup found the aggregate unchanged and wrote nothing: this is then
 *                  its parent, the backup that already holds it
 */
public record BackupHandle(
        UUID backupId,
        String objectName,
        String objectId,
        long eventCount,
        Instant createdAt,
        String location,
        BackupManifest manifest,
        boolean unchanged) {

    /** A handle on a backup as it was written or found (not an unchanged incremental backup's parent). */
    public BackupHandle(UUID backupId, String objectName, String objectId, long eventCount, Instant createdAt,
                        String location, BackupManifest manifest) {
        this(backupId, objectName, objectId, eventCount, createdAt, location, manifest, false);
    }

    static BackupHandle of(BackupManifest m, String location) {
        return new BackupHandle(UUID.fromString(m.backupId()), m.objectName(), m.objectId(), m.eventCount(),
                m.createdAt(), location, m);
    }

    /** This handle, as the answer of an incremental backup that found nothing changed since this backup. */
    BackupHandle asUnchanged() {
        return new BackupHandle(backupId, objectName, objectId, eventCount, createdAt, location, manifest, true);
    }

    /** The backup this one continues (an incremental delta: restoring it restores the chain), or {@code null}. */
    public String parentBackupId() {
        return manifest == null ? null : manifest.parentBackupId();
    }

    /** Last event version in the backup ({@code -1} for an empty stream). */
    public int streamVersion() {
        return manifest.streamVersion();
    }

    public Instant expiresAt() {
        return manifest.expiresAt();
    }

    public String description() {
        return manifest.description();
    }

    public Map<String, String> tags() {
        return manifest.tags();
    }

    /** Stored (compressed) size of the archive in bytes. */
    public long sizeBytes() {
        return manifest.storedSize();
    }
}
