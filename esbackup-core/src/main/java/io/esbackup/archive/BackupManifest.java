package io.esbackup.archive;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.Collections;

/**
 * The manifest of one backup ({@code {backupId}.meta}): small plain JSON, written after the archive as
 * the commit point. Its {@code sha256} covers the archive's stored (compressed) bytes.
 */
public record BackupManifest(
        int formatVersion,
        String backupId,
        String objectName,
        String objectId,
        String streamIdentifier,
        int streamVersion,
        long eventCount,
        Instant createdAt,
        Instant expiresAt,
        String description,
        Map<String, String> tags,
        boolean includesSnapshots,
        boolean includesObjectDocument,
        boolean includesTerminatedStreams,
        int snapshotCount,
        int terminatedStreamCount,
        Compression compression,
        long storedSize,
        String sha256,
        String location,
        String toolVersion,
        ChainLink chain,
        EncryptionInfo encryption) {

    public BackupManifest {
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** A manifest of an archive that is not encrypted. */
    public BackupManifest(int formatVersion, String backupId, String objectName, String objectId,
                          String streamIdentifier, int streamVersion, long eventCount, Instant createdAt,
                          Instant expiresAt, String description, Map<String, String> tags, boolean includesSnapshots,
                          boolean includesObjectDocument, boolean includesTerminatedStreams, int snapshotCount,
                          int terminatedStreamCount, Compression compression, long storedSize, String sha256,
                          String location, String toolVersion, ChainLink chain) {
        this(formatVersion, backupId, objectName, objectId, streamIdentifier, streamVersion, eventCount, createdAt,
                expiresAt, description, tags, includesSnapshots, includesObjectDocument, includesTerminatedStreams,
                snapshotCount, terminatedStreamCount, compression, storedSize, sha256, location, toolVersion, chain,
                null);
    }

    /** A manifest that records nothing for incremental backups, as version 1 wrote them. */
    public BackupManifest(int formatVersion, String backupId, String objectName, String objectId,
                          String streamIdentifier, int streamVersion, long eventCount, Instant createdAt,
                          Instant expiresAt, String description, Map<String, String> tags, boolean includesSnapshots,
                          boolean includesObjectDocument, boolean includesTerminatedStreams, int snapshotCount,
                          int terminatedStreamCount, Compression compression, long storedSize, String sha256,
                          String location, String toolVersion) {
        this(formatVersion, backupId, objectName, objectId, streamIdentifier, streamVersion, eventCount, createdAt,
                expiresAt, description, tags, includesSnapshots, includesObjectDocument, includesTerminatedStreams,
                snapshotCount, terminatedStreamCount, compression, storedSize, sha256, location, toolVersion, null);
    }

    /** The backup this one continues (a delta), or {@code null} for a full backup. */
    public String parentBackupId() {
        return chain == null ? null : chain.parentBackupId();
    }

    /** The first event version the archive holds: 0 unless this is a delta. */
    public int baseVersion() {
        return chain == null ? 0 : chain.baseVersion();
    }

    /** Whether this backup holds only the events after its parent's: restoring it needs the whole chain. */
    public boolean isDelta() {
        return chain != null && chain.isDelta();
    }

    /** This manifest with {@code chain} recorded. */
    public BackupManifest withChain(ChainLink chain) {
        return new BackupManifest(formatVersion, backupId, objectName, objectId, streamIdentifier, streamVersion,
                eventCount, createdAt, expiresAt, description, tags, includesSnapshots, includesObjectDocument,
                includesTerminatedStreams, snapshotCount, terminatedStreamCount, compression, storedSize, sha256,
                location, toolVersion, chain, encryption);
    }

    /** Whether the archive is encrypted: reading it needs the keyset that wrapped its data key. */
    public boolean encrypted() {
        return encryption != null;
    }

    /** This manifest of an archive encrypted as {@code info} says, with the format version encryption needs. */
    public BackupManifest withEncryption(EncryptionInfo info) {
        return new BackupManifest(info == null ? formatVersion : ArchiveFormat.ENCRYPTED_VERSION, backupId,
                objectName, objectId, streamIdentifier, streamVersion, eventCount, createdAt, expiresAt, description,
                tags, includesSnapshots, includesObjectDocument, includesTerminatedStreams, snapshotCount,
                terminatedStreamCount, compression, storedSize, sha256, location, toolVersion, chain, info);
    }

    /** Whether retention has run out at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
