package io.esbackup.azure;

import com.azure.storage.blob.BlobServiceClient;
import io.esbackup.store.BlobEventStore;

/**
 * The reference library's event store in an Azure account: documents in the document container
 * ({@code object-document-store} unless told otherwise), events and snapshots in one container per object
 * name in lower case. A {@link BlobEventStore} over {@link AzureBlobStore#forAccount}.
 */
public final class AzureEventStores {
    private AzureEventStores() {}

    /** The store with the reference's default document container, {@code object-document-store}. */
    public static BlobEventStore of(BlobServiceClient service) {
        return of(service, BlobEventStore.DEFAULT_DOCUMENT_CONTAINER);
    }

    /** The store whose documents are in {@code documentContainer}. */
    public static BlobEventStore of(BlobServiceClient service, String documentContainer) {
        return new BlobEventStore(AzureBlobStore.forAccount(service),
                AzureBlobStore.requireContainerName(documentContainer));
    }
}
