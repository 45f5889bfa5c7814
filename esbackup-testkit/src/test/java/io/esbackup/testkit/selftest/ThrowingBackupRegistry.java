package io.esbackup.testkit.selftest;

import io.esbackup.archive.BackupManifest;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRegistry;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** A registry that does nothing but refuse: every method throws. */
final class ThrowingBackupRegistry implements BackupRegistry {
    @Override
    public void record(BackupManifest manifest) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public boolean remove(UUID backupId) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public Optional<BackupManifest> find(UUID backupId) {
        throw new UnsupportedOperationException("does nothing");
    }

    @Override
    public Stream<BackupManifest> query(BackupQuery query) {
        throw new UnsupportedOperationException("does nothing");
    }
}
