/** esbackup on S3 and S3-compatible storage: backups and mirrored blob event stores in a bucket. */
module io.esbackup.s3 {
    requires transitive io.esbackup.core;
    // The API takes the SDK's client (S3Client), so the SDK is part of it.
    requires transitive software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http;

    exports io.esbackup.s3;
}
