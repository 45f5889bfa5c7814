package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which expired backups a clean-up must keep: those on the chain of an unexpired incremental backup, which
 * cannot be restored without every link down to its root. A clean-up never leaves a live backup whose chain is
 * broken; an expired link goes once nothing live continues it.
 */
final class ChainKeeper {
    private ChainKeeper() {}

    /**
     * The ids of the backups in {@code expired} that an unexpired backup's chain needs. Reads the list of
     * manifests once (only when something expired) and keeps the parent of every delta, two ids per delta.
     */
    static Set<String> neededBy(BackupCatalog catalog, List<BackupManifest> expired, Instant now) {
        Set<String> needed = new HashSet<>();
        if (expired.isEmpty()) {
            return needed;
        }
        Set<String> expiredIds = new HashSet<>();
        expired.forEach(m -> expiredIds.add(m.backupId()));
        Map<String, String> parentOf = new HashMap<>();
        List<String> liveDeltas = new java.util.ArrayList<>();
        try (Stream<BackupManifest> all = catalog.allManifests()) {
            for (Iterator<BackupManifest> it = all.iterator(); it.hasNext(); ) {
                BackupManifest m = it.next();
                if (m.isDelta()) {
                    parentOf.put(m.backupId(), m.parentBackupId());
                    if (!m.expiredAt(now)) {
                        liveDeltas.add(m.backupId());
                    }
                }
            }
        }
        for (String live : liveDeltas) {
            // Up the chain to its root; a link already marked has had its ancestors marked too.
            int steps = 0;
            for (String p = parentOf.get(live); p != null && steps++ <= parentOf.size(); p = parentOf.get(p)) {
                if (expiredIds.contains(p) && !needed.add(p)) {
                    break;
                }
            }
        }
        return needed;
    }
}
