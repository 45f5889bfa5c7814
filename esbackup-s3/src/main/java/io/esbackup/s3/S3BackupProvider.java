package io.esbackup.s3;

import io.esbackup.backup.BlobBackupProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Backups in an S3 bucket, in the same layout and format as a local folder or an Azure container
 * ({@code backups/{objectName}/{objectId}/{backupId}.json} and {@code .meta}, plus {@code backup-index/}), under
 * an optional prefix: a {@link BlobBackupProvider} over {@link S3BlobStore#forBucket}. The bucket must exist.
 */
public class S3BackupProvider extends BlobBackupProvider {

    /** Backups at the root of {@code bucket}. */
    public S3BackupProvider(S3Client client, String bucket) {
        this(client, bucket, "");
    }

    /** Backups under {@code prefix} in {@code bucket} ({@code prefix/backups/...}), as for {@code s3://BUCKET/PREFIX}. */
    public S3BackupProvider(S3Client client, String bucket, String prefix) {
        super(S3BlobStore.forBucket(client, bucket, prefix));
    }
}
