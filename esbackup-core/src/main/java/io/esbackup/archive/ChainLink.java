package io.esbackup.archive;

/**
 * What a manifest records for incremental backups (FORMAT.md section 16): where the backup stands in its chain,
 * and what it saw of the stream, so that the next incremental backup can tell whether the stream changed.
 * An encrypted backup's manifest keeps what it saw {@linkplain #isSealed() sealed} under its data key (FORMAT.md
 * section 20): digests of the content in the clear would let anyone confirm a guess of it, after a shred too.
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
 * @param sealed            the four members above, encrypted (base64), when the manifest holds them sealed; they
 *                          are then {@code null} here until {@link #opened opened}
 */
public record ChainLink(String parentBackupId, int baseVersion, int chainLength, String lastEventSha256,
                        String streamFingerprint, String documentSha256, String documentEtag, String sealed) {
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
        if (sealed != null && (lastEventSha256 != null || streamFingerprint != null || documentSha256 != null
                || documentEtag != null)) {
            throw new IllegalArgumentException("a sealed chain link holds what it saw of the stream only sealed");
        }
    }

    /** A link that holds what it saw of the stream in the clear. */
    public ChainLink(String parentBackupId, int baseVersion, int chainLength, String lastEventSha256,
                     String streamFingerprint, String documentSha256, String documentEtag) {
        this(parentBackupId, baseVersion, chainLength, lastEventSha256, streamFingerprint, documentSha256,
                documentEtag, null);
    }

    /** Whether the backup holds only the events after its parent's. */
    public boolean isDelta() {
        return parentBackupId != null;
    }

    /** Whether what the backup saw of the stream is sealed: {@link #opened} gives it back, with the data key. */
    public boolean isSealed() {
        return sealed != null;
    }

    /** This link as an encrypted manifest records it: what it saw replaced by {@code sealed}, its encryption. */
    public ChainLink sealedAs(String sealed) {
        if (sealed == null) {
            throw new IllegalArgumentException("sealed must not be null");
        }
        return new ChainLink(parentBackupId, baseVersion, chainLength, null, null, null, null, sealed);
    }

    /** This sealed link with what it saw of the stream taken from {@code seen}, the link its seal opened to. */
    public ChainLink opened(ChainLink seen) {
        return new ChainLink(parentBackupId, baseVersion, chainLength, seen.lastEventSha256(),
                seen.streamFingerprint(), seen.documentSha256(), seen.documentEtag(), null);
    }
}
