package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** A provider that counts the lookups a registry is there to save: manifest scans and reads by id. */
final class CountingProvider extends ForwardingBackupProvider {
    final AtomicInteger listManifests = new AtomicInteger();
    /** Lookups by id: calls of {@link #locate}. */
    final AtomicInteger findManifest = new AtomicInteger();

    CountingProvider(BackupProvider delegate) {
        super(delegate);
    }

    /** A lookup by id starts here (the id pointer), so this counts lookups by id. */
    @Override
    public Optional<BackupLocation> locate(UUID backupId) {
        findManifest.incrementAndGet();
        return super.locate(backupId);
    }

    @Override
    public Stream<BackupManifest> listManifests(BackupQuery query) {
        listManifests.incrementAndGet();
        return super.listManifests(query);
    }
}
