package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A {@link BackupRegistry} in memory, for tests and for one process that wants fast listing without a
 * database. Each entry is its own map slot, so concurrent writes never lose each other; queries scan
 * every entry.
 */
public final class InMemoryBackupRegistry implements BackupRegistry {
    private final ConcurrentHashMap<UUID, BackupManifest> entries = new ConcurrentHashMap<>();

    @Override
    public void record(BackupManifest manifest) {
        entries.put(BackupRegistry.requireRecordable(manifest), manifest);
    }

    @Override
    public boolean remove(UUID backupId) {
        return entries.remove(requireId(backupId)) != null;
    }

    @Override
    public Optional<BackupManifest> find(UUID backupId) {
        return Optional.ofNullable(entries.get(requireId(backupId)));
    }

    @Override
    public Stream<BackupManifest> query(BackupQuery query) {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null (use BackupQuery.ALL)");
        }
        // The map's iterators are weakly consistent, as the contract asks: removal while streaming is safe.
        return entries.values().stream().filter(query::matches);
    }

    private static UUID requireId(UUID backupId) {
        if (backupId == null) {
            throw new IllegalArgumentException("backupId must not be null");
        }
        return backupId;
    }
}
