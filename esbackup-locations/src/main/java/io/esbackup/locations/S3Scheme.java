package io.esbackup.locations;

import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BlobBackupRegistry;
import io.esbackup.blob.BlobStore;
import io.esbackup.s3.S3BlobStore;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventStore;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code s3:} locations, for backups and for event stores alike: {@code s3://BUCKET[/PREFIX]}, with
 * {@code ?endpoint=URL} for a service of one's own (MinIO, R2, moto) and {@code pathStyle=false} to address it
 * by virtual host anyway ({@code &} between the two). Backups in the folder layout under the prefix
 * ({@code S3BackupProvider}); an event store in the reference's blob layout, each of its Azure containers a
 * top-level folder under the prefix ({@code S3EventStores}). Both sit on {@link Retries} over the
 * {@link S3BlobStore}. The bucket must exist. Shown without the query, as every scheme is by default.
 */
final class S3Scheme {
    private S3Scheme() {}

    static StoreLocations.Scheme<EventStore> store(S3Account account, Retries retries) {
        return scheme(blobs -> new BlobEventStore(retries.wrap(blobs)), account);
    }

    static StoreLocations.Scheme<BackupProvider> backups(S3Account account, Retries retries) {
        return scheme(blobs -> new BlobBackupProvider(retries.wrap(blobs)), account);
    }

    /** A registry shared through the bucket ({@code s3://BUCKET[/PREFIX]}), its entries under {@code backup-registry/}. */
    static StoreLocations.Scheme<BackupRegistry> registry(S3Account account, Retries retries) {
        return scheme(blobs -> new BlobBackupRegistry(retries.wrap(blobs)), account);
    }

    /** An {@code s3:} location as read: {@code endpoint} and {@code pathStyle} are {@code null} when not given. */
    private record Target(String bucket, String prefix, URI endpoint, Boolean pathStyle) {}

    private static <T> StoreLocations.Scheme<T> scheme(Function<BlobStore, T> open, S3Account account) {
        return new StoreLocations.Scheme<>() {
            @Override
            public T open(Location location, Path workingDirectory) {
                Target t = parse(location);
                return open.apply(S3BlobStore.forBucket(account.client(location, t.endpoint(), t.pathStyle()),
                        t.bucket(), t.prefix()));
            }

            @Override
            public void check(Location location, Path workingDirectory) {
                parse(location);
            }
        };
    }

    private static Target parse(Location location) {
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
            throw new IllegalArgumentException(location.option() + ": an s3: location takes no credentials; give "
                    + "them as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile");
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
                        throw new IllegalArgumentException(location.option() + ": pathStyle is true or false, was '"
                                + value + "'");
                    }
                    pathStyle = Boolean.valueOf(value);
                }
                default -> throw new IllegalArgumentException(location.option() + ": unknown S3 option '" + name
                        + "'; known: endpoint, pathStyle");
            }
        }
        try {
            S3BlobStore.requireBucketName(bucket);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(location.option() + ": " + e.getMessage());
        }
        return new Target(bucket, prefix, endpoint, pathStyle);
    }

    /** The endpoint, or an error that does not echo it (a URL may carry user info, a key with it). */
    private static URI endpoint(Location location, String value) {
        URI uri;
        try {
            uri = URI.create(URLDecoder.decode(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(location.option()
                    + ": endpoint must be a URL such as http://127.0.0.1:9000");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(location.option() + ": the endpoint takes no credentials; give them "
                    + "as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile");
        }
        return uri;
    }

    private static IllegalArgumentException usage(Location location) {
        return new IllegalArgumentException(location.option() + ": S3 locations are s3://BUCKET or "
                + "s3://BUCKET/PREFIX, optionally with ?endpoint=URL and pathStyle=false");
    }
}
