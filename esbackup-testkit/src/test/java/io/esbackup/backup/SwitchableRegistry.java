package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.error.TransientStorageException;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** An {@link InMemoryBackupRegistry} whose writes can be made to fail, as they would with the registry down. */
final class SwitchableRegistry implements BackupRegistry {
    private final InMemoryBackupRegistry entries = new InMemoryBackupRegistry();
    volatile boolean failRecords;
    volatile boolean failRemoves;

    @Override
    public void record(BackupManifest manifest) {
        if (failRecords) {
            throw new TransientStorageException("registry is down (test)");
        }
        entries.record(manifest);
    }

    @Override
    public boolean remove(UUID backupId) {
        if (failRemoves) {
            throw new TransientStorageException("registry is down (test)");
        }
        return entries.remove(backupId);
    }

    @Override
    public Optional<BackupManifest> find(UUID backupId) {
        return entries.find(backupId);
    }

    @Override
    public Stream<BackupManifest> query(BackupQuery query) {
        return entries.query(query);
    }

    /** Forgets every entry, as a registry that was lost or newly set up would have none. */
    void clear() {
        try (Stream<BackupManifest> all = entries.query(BackupQuery.builder().includeExpired(true).build())) {
            all.forEach(m -> entries.remove(UUID.fromString(m.backupId())));
        }
    }
}
