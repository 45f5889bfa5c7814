package io.esbackup.backup;

import io.esbackup.archive.ArchiveFormat;
import io.esbackup.archive.BackupManifest;
import io.esbackup.archive.ChainLink;

/**
 * What an incremental backup decided to write: a full backup (the root of a new chain) or a delta of events
 * {@code baseVersion..cut} continuing {@code parent}, and what it saw of the stream, to be recorded in its
 * manifest for the next run.
 *
 * @param parent            the parent's manifest for a delta, {@code null} for a full backup
 * @param streamFingerprint the store's fingerprint of the stream, taken before its events were read, or
 *                          {@code null}
 * @param documentSha256    of the object document backed up
 * @param documentEtag      the document's ETag as read, or {@code null}
 */
record ChainPlan(BackupManifest parent, String streamFingerprint, String documentSha256, String documentEtag) {

    static ChainPlan full(String streamFingerprint, String documentSha256, String documentEtag) {
        return new ChainPlan(null, streamFingerprint, documentSha256, documentEtag);
    }

    boolean isDelta() {
        return parent != null;
    }

    String parentBackupId() {
        return parent == null ? null : parent.backupId();
    }

    /** The first event version the archive holds. */
    int baseVersion() {
        return parent == null ? 0 : parent.streamVersion() + 1;
    }

    /**
     * {@code m} as this plan records it: a delta's manifest has format version 2; {@code lastEventSha256} is
     * the last archived event's, or for a delta without events its parent's.
     */
    BackupManifest apply(BackupManifest m, String lastEventSha256) {
        String last = lastEventSha256 != null || parent == null ? lastEventSha256
                : parent.chain().lastEventSha256();
        ChainLink link = new ChainLink(parentBackupId(), baseVersion(),
                parent == null ? 0 : parent.chain().chainLength() + 1, last, streamFingerprint, documentSha256,
                documentEtag);
        BackupManifest withChain = m.withChain(link);
        if (!isDelta()) {
            return withChain;
        }
        return new BackupManifest(ArchiveFormat.DELTA_VERSION, m.backupId(), m.objectName(), m.objectId(),
                m.streamIdentifier(), m.streamVersion(), m.eventCount(), m.createdAt(), m.expiresAt(),
                m.description(), m.tags(), m.includesSnapshots(), m.includesObjectDocument(),
                m.includesTerminatedStreams(), m.snapshotCount(), m.terminatedStreamCount(), m.compression(),
                m.storedSize(), m.sha256(), m.location(), m.toolVersion(), link);
    }
}
