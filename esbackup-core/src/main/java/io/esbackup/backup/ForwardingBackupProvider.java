package io.esbackup.backup;

import io.esbackup.archive.BackupManifest;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobWriter;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A {@link BackupProvider} that forwards every call to another, the base for wrappers (metrics, a read-only
 * view): a wrapper overrides only what it changes. The defaults a provider may have replaced with faster
 * versions ({@link #locate}, {@link #listBackupIds}, the commit with {@code mayHaveBeenSwept}) are forwarded
 * too, so a wrapper keeps them. {@link #capability} answers for the delegate as well.
 */
public abstract class ForwardingBackupProvider implements BackupProvider {
    private final BackupProvider delegate;

    protected ForwardingBackupProvider(BackupProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The provider this one forwards to. */
    public BackupProvider delegate() {
        return delegate;
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
    public void writeManifest(BackupLocation location, BackupManifest manifest, boolean mayHaveBeenSwept) {
        delegate.writeManifest(location, manifest, mayHaveBeenSwept);
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
        return delegate.listManifests(query);
    }

    @Override
    public Stream<BackupManifest> listAggregateManifests(String location, String objectName, String objectId) {
        return delegate.listAggregateManifests(location, objectName, objectId);
    }

    @Override
    public void delete(BackupLocation location) {
        delegate.delete(location);
    }

    @Override
    public Optional<BackupLocation> locate(UUID backupId) {
        return delegate.locate(backupId);
    }

    @Override
    public Stream<UUID> listBackupIds() {
        return delegate.listBackupIds();
    }

    @Override
    public String describe(BackupLocation location) {
        return delegate.describe(location);
    }

    /** This wrapper's own capability if it has one, else the delegate's. */
    @Override
    public <T> Optional<T> capability(Class<T> type) {
        Optional<T> own = BackupProvider.super.capability(type);
        return own.isPresent() ? own : delegate.capability(type);
    }
}
