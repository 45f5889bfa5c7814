package io.esbackup.azure;

import com.azure.storage.blob.BlobServiceClient;
import io.esbackup.backup.BlobBackupProvider;

/**
 * Backups in one Azure container, the reference library's name and constructor: the same layout and format
 * as a local folder ({@code backups/{objectName}/{objectId}/{backupId}.json} and {@code .meta}, plus
 * {@code backup-index/}), because it is a {@link BlobBackupProvider} over
 * {@link AzureBlobStore#forContainer} with no prefix. The container is created on first write.
 */
public class AzureBlobBackupProvider extends BlobBackupProvider {
    public AzureBlobBackupProvider(BlobServiceClient service, String container) {
        super(AzureBlobStore.forContainer(requireService(service)
                .getBlobContainerClient(AzureBlobStore.requireContainerName(container)), ""));
    }

    private static BlobServiceClient requireService(BlobServiceClient service) {
        if (service == null) {
            throw new IllegalArgumentException("service must not be null");
        }
        return service;
    }
}
