package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.error.BackupCorruptedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The links an incremental backup needs, root (a full backup) first: its parent's, their parent's, and so on.
 * A parent that is missing or cannot be read makes the backup invalid, naming that parent.
 */
final class BackupChain {
    private BackupChain() {}

    /** {@code newest} and every backup it continues, root first; {@code [newest]} for a full backup. */
    static List<BackupCatalog.Located> resolve(BackupCatalog catalog, BackupCatalog.Located newest) {
        List<BackupCatalog.Located> links = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        BackupCatalog.Located link = newest;
        links.add(link);
        seen.add(link.manifest().backupId());
        while (link.manifest().isDelta()) {
            String parentId = link.manifest().parentBackupId();
            String child = link.manifest().backupId();
            if (!seen.add(parentId)) {
                throw invalid(newest, "backup " + child + " names parent backup " + parentId
                        + ", which is already in its chain");
            }
            Optional<BackupCatalog.Located> parent;
            try {
                UUID parentUuid = UUID.fromString(parentId);
                // A parent is the same aggregate's, in the same location: where to look if its pointer is missing.
                BackupLocation here = link.location();
                parent = catalog.located(parentUuid, new BackupLocation(parentUuid, here.objectName(),
                        here.objectId(), here.subfolder()));
            } catch (BackupCorruptedException e) {
                throw invalid(newest, "parent backup " + parentId + " of backup " + child + " cannot be read: "
                        + String.join("; ", e.problems()));
            } catch (IllegalArgumentException e) {
                throw invalid(newest, "backup " + child + " names parent '" + parentId + "', which is not a backup id");
            }
            if (parent.isEmpty()) {
                throw invalid(newest, "parent backup " + parentId + " of backup " + child + " is missing");
            }
            link = parent.get();
            links.add(link);
        }
        Collections.reverse(links);
        return links;
    }

    /**
     * The newest link's manifest as if it were one full backup of the whole chain: events from 0, counted
     * over the chain, so the checks a restore runs on a full backup run on the chain as a whole.
     */
    static BackupManifest flattened(BackupManifest m) {
        return new BackupManifest(m.formatVersion(), m.backupId(), m.objectName(), m.objectId(),
                m.streamIdentifier(), m.streamVersion(), m.streamVersion() + 1L, m.createdAt(), m.expiresAt(),
                m.description(), m.tags(), m.includesSnapshots(), m.includesObjectDocument(),
                m.includesTerminatedStreams(), m.snapshotCount(), m.terminatedStreamCount(), m.compression(),
                m.storedSize(), m.sha256(), m.location(), m.toolVersion(), null);
    }

    private static BackupCorruptedException invalid(BackupCatalog.Located newest, String problem) {
        return new BackupCorruptedException(newest.manifest().backupId(), List.of(problem));
    }
}
