package io.esbackup.bench;

import static io.esbackup.bench.Measurement.Kind.BASELINE;
import static io.esbackup.bench.Measurement.Kind.ESBACKUP;

import io.esbackup.s3.S3Clients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Bulk backup of N streams (2,000 by default) from a local store to an S3 bucket, against uploading the same
 * number of objects of the same sizes with the raw AWS SDK (create-only PutObject), with the same threads. It
 * runs against the S3 service at {@code AWS_ENDPOINT_URL_S3} (or the system property
 * {@value #ENDPOINT_PROPERTY}): a local moto, MinIO or S3Proxy; without one it is skipped and says so. The
 * keys and region come from the environment, as for the command line ({@code testing} and {@code us-east-1} when
 * unset, which local servers accept). Both buckets are made for the run and emptied and deleted after it.
 */
final class S3Scenario implements Scenario {
    static final String NAME = "s3";
    static final String ENDPOINT_PROPERTY = "esbackup.bench.s3Endpoint";
    /** The target: at least 0.8x the raw SDK upload's rate, that is at most 1.25x its time. */
    static final double TIME_TARGET = 1.25;

    @Override
    public String name() {
        return NAME;
    }

    /** The endpoint of the run, or {@code null}: the system property if set (blank: none), else the environment's. */
    static String endpoint() {
        String property = System.getProperty(ENDPOINT_PROPERTY);
        String value = property != null ? property : System.getenv("AWS_ENDPOINT_URL_S3");
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public void run(Workspace w, BenchOptions options, Results r) {
        String endpoint = endpoint();
        if (endpoint == null) {
            r.add(Measurement.skipped(NAME, "bulk backup to S3", ESBACKUP, "skipped: no S3 endpoint"));
            r.note(NAME, "skipped: no S3 endpoint; set AWS_ENDPOINT_URL_S3 (bench/moto.sh starts moto's S3 server "
                    + "on this machine)");
            return;
        }
        Map<String, String> env = environment(endpoint);
        int streams = options.azureStreams();
        Path store = w.manyStore(streams);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String backups = "esbench-" + run + "-esbackup";
        String raw = "esbench-" + run + "-raw";
        String threads = String.valueOf(BenchOptions.CONCURRENCY);
        try (S3Client client = S3Clients.create(env::get, null, null)) {
            client.createBucket(b -> b.bucket(backups));
            client.createBucket(b -> b.bucket(raw));
            try {
                w.log("%s: esbackup bulk backup of %,d streams ...", NAME, streams);
                ProbeResult b = w.jvm().run("s3-backup-all", Map.of("store", store.toString(), "bucket", backups,
                        "concurrency", threads), env);
                List<Long> sizes = client.listObjectsV2Paginator(x -> x.bucket(backups)).contents().stream()
                        .map(S3Object::size).toList();
                long uploaded = sizes.stream().mapToLong(Long::longValue).sum();
                Measurement backup = r.add(b.measurement(NAME, "bulk backup to S3", ESBACKUP, uploaded, "streams",
                        "backupAll to S3BackupProvider, " + threads + " at a time; " + sizes.size()
                                + " objects written; MB/s of the bytes uploaded"));
                w.log("%s: raw SDK upload of %,d objects ...", NAME, sizes.size());
                Path sizesFile = w.file("s3-object-sizes.txt");
                Files.write(sizesFile, sizes.stream().map(String::valueOf).toList());
                ProbeResult u = w.jvm().run("s3-upload", Map.of("sizes", sizesFile.toString(), "bucket", raw,
                        "concurrency", threads), env);
                Measurement upload = r.add(new Measurement(NAME, "raw SDK upload", BASELINE, u.seconds(),
                        u.outputBytes(), streams, "streams", u.heapPeakBytes(), u.rssPeakBytes(), "PutObject of "
                        + u.items() + " objects of the same sizes, create-only, " + threads + " at a time; streams/s = "
                        + streams + " streams' worth of objects"));
                r.compare(Comparison.ofTimes(backup, upload, TIME_TARGET));
            } finally {
                empty(client, backups);
                empty(client, raw);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment of the child JVMs: the endpoint, and keys and region where the caller set none. */
    private static Map<String, String> environment(String endpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_S3", endpoint);
        for (var entry : Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_REGION",
                "us-east-1").entrySet()) {
            String own = System.getenv(entry.getKey());
            env.put(entry.getKey(), own == null || own.isBlank() ? entry.getValue() : own);
        }
        return env;
    }

    private static void empty(S3Client client, String bucket) {
        try {
            client.listObjectsV2Paginator(x -> x.bucket(bucket)).contents()
                    .forEach(o -> client.deleteObject(d -> d.bucket(bucket).key(o.key())));
            client.deleteBucket(d -> d.bucket(bucket));
        } catch (RuntimeException e) {
            // A bucket left behind on a local test server is harmless; the measurement stands.
        }
    }
}
