package io.esbackup.cli;

import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.backup.BlobBackupRegistry;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.s3.S3BlobStore;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventStore;
import java.net.URI;

/**
 * {@code s3:} locations, for backups and for event stores alike: {@code s3://BUCKET[/PREFIX]}, with
 * {@code ?endpoint=URL} for a service of one's own (MinIO, R2, moto) and {@code pathStyle=false} to address it
 * by virtual host anyway ({@code &} between the two). Backups in the folder layout under the prefix
 * ({@code S3BackupProvider}); an event store in the reference's blob layout, each of its Azure containers a
 * top-level folder under the prefix ({@code S3EventStores}). Both sit on {@link Retries} over the
 * {@link S3BlobStore}. The bucket must exist.
 */
final class S3Scheme {
    private S3Scheme() {}

    static StoreLocations.Scheme<EventStore> store(S3Account account, Retries retries) {
        return (location, workingDirectory) -> new BlobEventStore(retries.wrap(open(account, location)));
    }

    static StoreLocations.Scheme<BackupProvider> backups(S3Account account, Retries retries) {
        return (location, workingDirectory) -> new BlobBackupProvider(retries.wrap(open(account, location)));
    }

    /** A registry shared through the bucket ({@code s3://BUCKET[/PREFIX]}), its entries under {@code backup-registry/}. */
    static StoreLocations.Scheme<BackupRegistry> registry(S3Account account, Retries retries) {
        return (location, workingDirectory) -> new BlobBackupRegistry(retries.wrap(open(account, location)));
    }

    private static S3BlobStore open(S3Account account, Location location) {
        if (!location.rest().startsWith("//")) {
            throw usage(location);
        }
        String rest = location.rest().substring(2);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.contains("@") || bucket.contains(":")) {
            // Not echoed: what stands before an @ is usually a key.
            throw new UsageException(location.option() + ": an s3: location takes no credentials; give them as "
                    + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile");
        }
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw usage(location);
        }
        URI endpoint = null;
        Boolean pathStyle = null;
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            switch (name) {
                case "endpoint" -> endpoint = endpoint(location, value);
                case "pathStyle" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new UsageException(location.option() + ": pathStyle is true or false, was '" + value
                                + "'");
                    }
                    pathStyle = Boolean.valueOf(value);
                }
                default -> throw new UsageException(location.option() + ": unknown S3 option '" + name
                        + "'; known: endpoint, pathStyle");
            }
        }
        try {
            S3BlobStore.requireBucketName(bucket);
        } catch (IllegalArgumentException e) {
            throw new UsageException(location.option() + ": " + e.getMessage());
        }
        return S3BlobStore.forBucket(account.client(location, endpoint, pathStyle), bucket, prefix);
    }

    /** The endpoint, or a usage error that does not echo it (a URL may carry user info, a key with it). */
    private static URI endpoint(Location location, String value) {
        URI uri;
        try {
            uri = URI.create(java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            throw new UsageException(location.option() + ": endpoint must be a URL such as http://127.0.0.1:9000");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UsageException(location.option() + ": the endpoint takes no credentials; give them as "
                    + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile");
        }
        return uri;
    }

    private static UsageException usage(Location location) {
        return new UsageException(location.option() + ": S3 locations are s3://BUCKET or s3://BUCKET/PREFIX, "
                + "optionally with ?endpoint=URL and pathStyle=false");
    }
}
