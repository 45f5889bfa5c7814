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
    /** Lookups by id: calls of {@link #locate}. */
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

    /** A lookup by id starts here (the id pointer), so this counts lookups by id. */
    @Override
    public Optional<BackupLocation> locate(UUID backupId) {
        findManifest.incrementAndGet();
        return delegate.locate(backupId);
    }

    @Override
    public Optional<BackupManifest> readManifest(BackupLocation location) {
        return delegate.readManifest(location);
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
    public Stream<UUID> listBackupIds() {
        return delegate.listBackupIds();
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
    public boolean discardUnfinished(UnfinishedBackup unfinished) {
        return delegate.discardUnfinished(unfinished);
    }

    @Override
    public String describe(BackupLocation location) {
        return delegate.describe(location);
    }
}
