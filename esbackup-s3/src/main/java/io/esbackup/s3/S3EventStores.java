package io.esbackup.s3;

import io.esbackup.store.BlobEventStore;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The reference library's blob event store mirrored into an S3 bucket: each of its Azure containers is a
 * top-level folder of the bucket (under an optional prefix), so {@code object-document-store/order/42.json}
 * and {@code order/order42-0000000000.json} keep their names. A {@link BlobEventStore} over
 * {@link S3BlobStore#forBucket}: a store copied from Azure with a plain sync backs up and restores as it is.
 */
public final class S3EventStores {
    private S3EventStores() {}

    /** The store at {@code prefix} in {@code bucket}, documents in {@code object-document-store}. */
    public static BlobEventStore of(S3Client client, String bucket, String prefix) {
        return new BlobEventStore(S3BlobStore.forBucket(client, bucket, prefix));
    }
}
