package io.esbackup.s3;

import io.esbackup.error.BackupException;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Whether the service behind a bucket honours conditional writes, checked once per store before its first
 * conditional write: a create-only PUT of a fresh probe object, then a second one, which must be refused with
 * 412, and an if-match PUT on a wrong ETag, which must be refused too. A service that ignores the headers
 * (older MinIO, S3Proxy before conditional writes, many gateways) would let a backup overwrite another and a
 * restore's swap lose an update without a word; esbackup refuses to write there instead. The probe objects live
 * under {@code {prefix}.esbackup-probe/}, are deleted after the check, and are never listed.
 */
final class ConditionalWriteCheck {
    private static final String PROBES = ".esbackup-probe/";
    /** An ETag no object has (S3's are an MD5 in hex, and the probe's content is not empty). */
    private static final String WRONG_ETAG = "\"00000000000000000000000000000000\"";

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private volatile boolean passed;
    private volatile Boolean multipart;

    ConditionalWriteCheck(S3Client client, String bucket, String prefix) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    static String probePrefix(String prefix) {
        return prefix + PROBES;
    }

    /** Returns once the service is known to honour conditional writes; throws if it does not. */
    void require() {
        if (passed) {
            return;
        }
        synchronized (this) {
            if (!passed) {
                run();
                passed = true;
            }
        }
    }

    /**
     * Whether the service also honours {@code If-None-Match: *} and {@code If-Match} on the completion of a
     * multipart upload (Amazon S3 does since 2024; moto's server honours the first and ignores the second), checked
     * once with two multipart uploads of one small part onto an existing probe object, both of which must be
     * refused. Where it does not, a conditional write larger than a part is
     * spooled to a temporary file and sent with one conditional PutObject instead.
     */
    boolean multipartHonoured() {
        Boolean known = multipart;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (multipart == null) {
                multipart = probeMultipart();
            }
            return multipart;
        }
    }

    private boolean probeMultipart() {
        String key = probePrefix(prefix) + UUID.randomUUID();
        try {
            put(PutObjectRequest.builder().bucket(bucket).key(key));
            return completionRefused(key, c -> c.ifNoneMatch("*")) && completionRefused(key, c -> c.ifMatch(WRONG_ETAG));
        } catch (RuntimeException e) {
            throw S3Errors.translate(bucket, "checking that the service honours conditional multipart uploads", e);
        } finally {
            try {
                client.deleteObject(b -> b.bucket(bucket).key(key));
            } catch (RuntimeException ignored) {
                // A probe left behind is a few bytes, never listed.
            }
        }
    }

    /** Whether completing a one-part upload onto {@code key} under {@code condition} is refused with 412. */
    private boolean completionRefused(String key, Consumer<CompleteMultipartUploadRequest.Builder> condition) {
        String upload = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        boolean completed = false;
        try {
            String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(1),
                    RequestBody.fromBytes(new byte[] {'m'})).eTag();
            CompleteMultipartUploadRequest.Builder complete = CompleteMultipartUploadRequest.builder().bucket(bucket)
                    .key(key).uploadId(upload).multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag)));
            condition.accept(complete);
            try {
                client.completeMultipartUpload(complete.build());
                completed = true;
                return false;
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    return true;
                }
                throw e;
            }
        } finally {
            if (!completed) {
                try {
                    client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload));
                } catch (RuntimeException ignored) {
                    // A bucket lifecycle rule for incomplete uploads removes it later.
                }
            }
        }
    }

    private void run() {
        String key = probePrefix(prefix) + UUID.randomUUID();
        try {
            put(PutObjectRequest.builder().bucket(bucket).key(key).ifNoneMatch("*"));
            if (refused(PutObjectRequest.builder().bucket(bucket).key(key).ifNoneMatch("*")) != 412) {
                throw unsupported("overwrote an object on a create-only write (If-None-Match: *)");
            }
            if (refused(PutObjectRequest.builder().bucket(bucket).key(key).ifMatch(WRONG_ETAG)) != 412) {
                throw unsupported("accepted a write whose If-Match named another ETag");
            }
        } catch (RuntimeException e) {
            if (e instanceof BackupException) {
                throw e;
            }
            throw S3Errors.translate(bucket, "checking that the service honours conditional writes", e);
        } finally {
            try {
                client.deleteObject(b -> b.bucket(bucket).key(key));
            } catch (RuntimeException ignored) {
                // A probe left behind is a few bytes, never listed.
            }
        }
    }

    private String put(PutObjectRequest.Builder request) {
        return client.putObject(request.build(), RequestBody.fromBytes(new byte[] {'p'})).eTag();
    }

    /** The status the service refused {@code request} with, or 200 if it accepted it. */
    private int refused(PutObjectRequest.Builder request) {
        try {
            put(request);
            return 200;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return 412;
            }
            throw e;
        }
    }

    private BackupException unsupported(String what) {
        return new BackupException("the S3 service behind bucket " + bucket + " " + what + ": it does not honour "
                + "conditional writes, without which esbackup cannot keep a backup from being overwritten or a "
                + "restore's swap from losing an update; use a service that does (Amazon S3 since 2024, MinIO, R2, "
                + "Ceph)");
    }
}
