package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobWriter;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** A provider that counts the lookups a registry is there to save: manifest scans and reads by id. */
final class CountingProvider implements BackupProvider {
    private final BackupProvider delegate;
    final AtomicInteger listManifests = new AtomicInteger();
    final AtomicInteger findManifest = new AtomicInteger();

    CountingProvider(BackupProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public BlobInfo writeArchive(BackupLocation location, BlobWriter archive) {
        return delegate.writeArchive(location, archive);
    }

    @Override
    public void writeManifest(BackupLocation location, BackupManifest manifest) {
        delegate.writeManifest(location, manifest);
    }

    @Override
    public Optional<BackupManifest> findManifest(UUID backupId) {
        findManifest.incrementAndGet();
        return delegate.findManifest(backupId);
    }

    @Override
    public InputStream openArchive(BackupLocation location) {
        return delegate.openArchive(location);
    }

    @Override
    public Stream<BackupManifest> listManifests(BackupQuery query) {
        listManifests.incrementAndGet();
        return delegate.listManifests(query);
    }

    @Override
    public Stream<UnfinishedBackup> listUnfinished() {
        return delegate.listUnfinished();
    }

    @Override
    public void delete(BackupLocation location) {
        delegate.delete(location);
    }

    @Override
    public String describe(BackupLocation location) {
        return delegate.describe(location);
    }
}
