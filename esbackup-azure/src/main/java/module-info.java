/** esbackup on Azure Blob Storage: backups and event stores in the reference's Azure layout. */
module io.esbackup.azure {
    requires transitive io.esbackup.core;
    // The API takes the SDK's clients (BlobServiceClient, TableServiceClient), so the SDKs are part of it.
    requires transitive com.azure.storage.blob;
    requires transitive com.azure.data.tables;
    requires com.azure.storage.common;
    requires com.azure.core;

    exports io.esbackup.azure;
}
