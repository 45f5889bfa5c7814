package io.esbackup.testkit.selftest;

import io.esbackup.archive.BackupManifest;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRegistry;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A registry that accepts everything and keeps nothing: records vanish, nothing is ever found. A test
 * that only checks absence, or only that no exception is thrown, passes against it.
 */
final class BlackHoleBackupRegistry implements BackupRegistry {
    @Override
    public void record(BackupManifest manifest) {
    }

    @Override
    public boolean remove(UUID backupId) {
        return false;
    }

    @Override
    public Optional<BackupManifest> find(UUID backupId) {
        return Optional.empty();
    }

    @Override
    public Stream<BackupManifest> query(BackupQuery query) {
        return Stream.empty();
    }
}
