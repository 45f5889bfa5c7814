package io.esbackup.archive;

/**
 * What a manifest records for incremental backups (FORMAT.md section 16): where the backup stands in its chain,
 * and what it saw of the stream, so that the next incremental backup can tell whether the stream changed.
 *
 * @param parentBackupId    the backup this one continues, or {@code null} for a full backup (the chain's root)
 * @param baseVersion       the first event version the archive holds: 0 for a full backup, the parent's stream
 *                          version + 1 for a delta
 * @param chainLength       how many deltas lead from the root to this backup (0 for a full backup)
 * @param lastEventSha256   SHA-256 (hex) of the last backed-up event's bytes as the archive holds them, or
 *                          {@code null} for an empty stream
 * @param streamFingerprint what the event store said of the stored stream ({@code StreamFingerprints}), or
 *                          {@code null} where it cannot tell
 * @param documentSha256    SHA-256 (hex) of the object document's canonical JSON at the cut
 * @param documentEtag      the object document's ETag as the event store gave it with the document backed up, or
 *                          {@code null} (written before esbackup recorded it); what a listing of the store is
 *                          compared with
 */
public record ChainLink(String parentBackupId, int baseVersion, int chainLength, String lastEventSha256,
                        String streamFingerprint, String documentSha256, String documentEtag) {
    public ChainLink {
        if (baseVersion < 0) {
            throw new IllegalArgumentException("baseVersion must be >= 0, was " + baseVersion);
        }
        if (chainLength < 0 || (parentBackupId == null) != (chainLength == 0)) {
            throw new IllegalArgumentException("chainLength must be 0 for a full backup and positive for a delta, was "
                    + chainLength);
        }
        if (parentBackupId == null && baseVersion != 0) {
            throw new IllegalArgumentException("a full backup starts at version 0, not " + baseVersion);
        }
    }

    /** Whether the backup holds only the events after its parent's. */
    public boolean isDelta() {
        return parentBackupId != null;
    }
}
