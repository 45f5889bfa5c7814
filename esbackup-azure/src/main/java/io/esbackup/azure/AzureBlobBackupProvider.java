package io.esbackup.azure;

import com.azure.storage.blob.BlobServiceClient;
import io.esbackup.backup.BlobBackupProvider;

/**
 * Backups in one Azure container, the reference library's name and constructor: the same layout and format
 * as a local folder ({@code backups/{objectName}/{objectId}/{backupId}.json} and {@code .meta}, plus
 * {@code backup-index/}), because it is a {@link BlobBackupProvider} over
 * {@link AzureBlobStore#forContainer}. The container is created on first write.
 */
public class AzureBlobBackupProvider extends BlobBackupProvider {

    /** Backups at the root of {@code container}. */
    public AzureBlobBackupProvider(BlobServiceClient service, String container) {
        this(service, container, "");
    }

    /**
     * Backups under {@code prefix} in {@code container} ({@code prefix/backups/...}; {@code ""} for the
     * root), as for {@code azure://CONTAINER/PREFIX}.
     */
    public AzureBlobBackupProvider(BlobServiceClient service, String container, String prefix) {
        super(AzureBlobStore.forContainer(requireService(service)
                .getBlobContainerClient(AzureBlobStore.requireContainerName(container)), prefix));
    }

    private static BlobServiceClient requireService(BlobServiceClient service) {
        if (service == null) {
            throw new IllegalArgumentException("service must not be null");
        }
        return service;
    }
}
