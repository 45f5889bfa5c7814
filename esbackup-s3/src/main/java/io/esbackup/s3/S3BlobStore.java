package io.esbackup.s3;

import io.esbackup.blob.AbandonedWriteSweep;
import io.esbackup.blob.AbandonedWrites;
import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobKeys;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.LazyListing;
import io.esbackup.blob.PartedUpload;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@link BlobStore} SPI over one S3 bucket (or an S3-compatible service), under an optional prefix: key
 * {@code k} is the object {@code prefix/k}.
 *
 * <p>Writes are streamed in parts of {@link #PART_SIZE}: content that fits in one part is sent with one
 * PutObject; larger content goes up as a multipart upload, made visible by its completion, and aborted if the
 * writer throws (where the service cannot complete an upload conditionally, as moto's server, a larger
 * conditional write is spooled to a temporary file and sent with one PutObject). Both carry the write's
 * condition ({@code If-None-Match: *} for create-only, {@code If-Match}
 * for if-match), so the service decides who wins. A service that ignores those headers would silently break
 * the never-overwrite and safe-swap guarantees, so the first conditional write through a store checks that it
 * honours them ({@link ConditionalWriteCheck}) and refuses to go on otherwise. Reads carry the ETag of exactly
 * the bytes they stream (one GetObject). The bucket is never created: a missing one is an error naming it.
 * Errors are translated by status code by {@link S3Errors}; retries of transient failures are the client's
 * and {@code RetryingBlobStore}'s business.
 */
public final class S3BlobStore implements BlobStore, AbandonedWrites {
    /** The size of one part of a multipart upload, and the largest content sent with a single PutObject. */
    public static final int PART_SIZE = 8 * 1024 * 1024;
    /** The most one PutObject carries. */
    static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;
    // S3's rules for new buckets: 3 to 63 lower-case letters, digits, dots and hyphens.
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final ConditionalWriteCheck check;

    private S3BlobStore(S3Client client, String bucket, String prefix) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
        this.check = new ConditionalWriteCheck(client, bucket, prefix);
    }

    /** A store over {@code bucket}, its keys under {@code prefix} ({@code ""} for none). */
    public static S3BlobStore forBucket(S3Client client, String bucket, String prefix) {
        if (client == null) {
            throw new IllegalArgumentException("client must not be null");
        }
        requireBucketName(bucket);
        return new S3BlobStore(client, bucket, BlobKeys.folderPrefix(prefix));
    }

    /** Returns {@code name} if it is a valid bucket name: 3 to 63 lower-case letters, digits, dots and hyphens. */
    public static String requireBucketName(String name) {
        if (name == null || !BUCKET_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid S3 bucket name: use 3 to 63 lower-case"
                    + " letters, digits, dots and hyphens, starting and ending with a letter or digit");
        }
        return name;
    }

    /** Where this store keeps its blobs, for messages: the bucket and prefix, never a credential. */
    @Override
    public String toString() {
        return "s3 bucket " + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(writer, "writer");
        String object = object(key);
        if (condition.kind() != WriteCondition.Kind.OVERWRITE) {
            check.require();
        }
        PartUpload upload = new PartUpload(object, condition);
        try {
            writer.writeTo(upload);
        } catch (Error e) {
            upload.abort();
            throw e;
        } catch (IOException | RuntimeException e) {
            upload.abort();
            // S3's failure while sending a part surfaced through the writer; anything else is the writer's own.
            if (upload.failure() != null) {
                throw S3Errors.onWrite(bucket, key, condition, upload.failure());
            }
            if (e instanceof IOException io) {
                throw new StorageException("writing blob " + key, io);
            }
            throw (RuntimeException) e;
        }
        try {
            // PutObject and CompleteMultipartUpload return no modification time: a HEAD for it would be a
            // request per write that no caller of write needs.
            return new BlobInfo(key, upload.size(), upload.finish(), null);
        } catch (Error e) {
            upload.abort();
            throw e;
        } catch (RuntimeException e) {
            upload.abort();
            throw S3Errors.onWrite(bucket, key, condition, upload.failure() != null ? upload.failure() : e);
        } finally {
            upload.release();
        }
    }

    @Override
    public Optional<Blob> read(String key) {
        String object = object(key);
        try {
            ResponseInputStream<GetObjectResponse> in = client.getObject(GetObjectRequest.builder().bucket(bucket)
                    .key(object).build());
            GetObjectResponse r = in.response();
            return Optional.of(new Blob(new BlobInfo(key, r.contentLength(), r.eTag(), r.lastModified()), in));
        } catch (RuntimeException e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Errors.translate(bucket, "reading blob " + key, e);
        }
    }

    /** Fetches only the range: a pack's entry without the rest of the pack. */
    @Override
    public Optional<Blob> readRange(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            return BlobStore.super.readRange(key, offset, length); // the default names the bad argument
        }
        if (length == 0) {
            return stat(key).map(info -> new Blob(info, InputStream.nullInputStream()));
        }
        String object = object(key);
        try {
            ResponseInputStream<GetObjectResponse> in = client.getObject(GetObjectRequest.builder().bucket(bucket)
                    .key(object).range("bytes=" + offset + "-" + (offset + length - 1)).build());
            GetObjectResponse r = in.response();
            if (r.contentRange() == null) {
                // The whole object came back (a service or proxy that ignores Range): the default skips to the
                // range, rather than take these bytes for it.
                in.abort();
                return BlobStore.super.readRange(key, offset, length);
            }
            return Optional.of(new Blob(new BlobInfo(key, totalSize(r), r.eTag(), r.lastModified()), in));
        } catch (RuntimeException e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            if (S3Errors.isRangeNotSatisfiable(e)) {
                // a range from the end on: the contract says no bytes, as a file's would
                return stat(key).map(info -> new Blob(info, InputStream.nullInputStream()));
            }
            throw S3Errors.translate(bucket, "reading blob " + key + " from byte " + offset, e);
        }
    }

    /** The whole object's size, from {@code Content-Range: bytes a-b/total} of a ranged read. */
    private static long totalSize(GetObjectResponse r) {
        String range = r.contentRange();
        if (range != null) {
            int slash = range.lastIndexOf('/');
            if (slash >= 0 && !range.endsWith("*")) {
                return Long.parseLong(range.substring(slash + 1).trim());
            }
        }
        return r.contentLength();
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        String object = object(key);
        try {
            HeadObjectResponse r = client.headObject(b -> b.bucket(bucket).key(object));
            return Optional.of(new BlobInfo(key, r.contentLength(), r.eTag(), r.lastModified()));
        } catch (RuntimeException e) {
            if (S3Errors.isNotFound(e)) {
                requireBucket("reading the properties of blob " + key);
                return Optional.empty();
            }
            throw S3Errors.translate(bucket, "reading the properties of blob " + key, e);
        }
    }

    private volatile boolean bucketSeen;

    /**
     * A HEAD's 404 has no body, so a missing key and a missing bucket look the same: the first time, the bucket
     * is asked for, so that a missing one is the error naming it, as everywhere else, not an absent blob.
     */
    private void requireBucket(String what) {
        if (bucketSeen) {
            return;
        }
        try {
            client.headBucket(b -> b.bucket(bucket));
            bucketSeen = true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            throw S3Errors.missingBucket(bucket, what, e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw S3Errors.missingBucket(bucket, what, e);
            }
            throw S3Errors.translate(bucket, what, e);
        } catch (RuntimeException e) {
            throw S3Errors.translate(bucket, what, e);
        }
    }

    @Override
    public Stream<BlobInfo> list(String listPrefix) {
        BlobKeys.requireValidPrefix(listPrefix);
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix + listPrefix)
                .maxKeys(1000).build();
        int strip = prefix.length();
        String what = "listing " + bucket + "/" + prefix + listPrefix;
        // A missing bucket is an error, not an empty list.
        return LazyListing.of(() -> client.listObjectsV2Paginator(request).contents().stream(), e -> false,
                e -> S3Errors.translate(bucket, what, e))
                .filter(o -> !o.key().startsWith(ConditionalWriteCheck.probePrefix(prefix)))
                // Folder markers (the S3 console's "Create folder") hold nothing and name no blob.
                .filter(o -> !o.key().endsWith("/"))
                .map(o -> info(o.key().substring(strip), o));
    }

    private static BlobInfo info(String key, S3Object o) {
        return new BlobInfo(key, o.size() == null ? 0 : o.size(), o.eTag(), o.lastModified());
    }

    /** Deletes {@code key}: a HEAD first, since S3 answers a delete of a missing object as of a present one. */
    @Override
    public boolean delete(String key) {
        String object = object(key);
        if (stat(key).isEmpty()) {
            return false;
        }
        try {
            client.deleteObject(b -> b.bucket(bucket).key(object));
            return true;
        } catch (RuntimeException e) {
            if (S3Errors.isNotFound(e)) {
                return false;
            }
            throw S3Errors.translate(bucket, "deleting blob " + key, e);
        }
    }

    /**
     * Aborts (or with {@code dryRun} only lists) the multipart uploads under the prefix to which nothing was sent
     * since {@code modifiedBefore} (by the time of their last part, or of their start): what a write killed
     * mid-way leaves. The prefix is taken to be esbackup's, as a folder given to it is: an upload of another
     * program there, silent that long, is swept too, as a bucket's lifecycle rule for incomplete uploads would. Invisible to readers and listings, its parts are
     * kept, and billed, until the upload is aborted; a bucket's lifecycle rule for incomplete uploads does the
     * same on its own schedule. Each is named {@code key (multipart upload)}, with the size of its parts.
     */
    @Override
    public AbandonedWriteSweep sweepAbandonedWrites(Instant modifiedBefore, boolean dryRun) {
        if (modifiedBefore == null) {
            throw new IllegalArgumentException("modifiedBefore must not be null");
        }
        List<String> found = new ArrayList<>();
        long bytes = 0;
        try {
            for (var upload : client.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads()) {
                if (upload.initiated() == null || !upload.initiated().isBefore(modifiedBefore)) {
                    continue;
                }
                // An upload is abandoned once nothing was sent to it since the cut-off: its last part, not its
                // start, says so (a long upload started before the cut-off may be sending still).
                Instant last = upload.initiated();
                long size = 0;
                for (var part : client.listPartsPaginator(b -> b.bucket(bucket).key(upload.key())
                        .uploadId(upload.uploadId())).parts()) {
                    size += part.size() == null ? 0 : part.size();
                    if (part.lastModified() != null && part.lastModified().isAfter(last)) {
                        last = part.lastModified();
                    }
                }
                if (!last.isBefore(modifiedBefore)) {
                    continue;
                }
                bytes += size;
                if (!dryRun) {
                    client.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                }
                found.add(upload.key().substring(prefix.length()) + " (multipart upload)");
            }
        } catch (RuntimeException e) {
            throw S3Errors.translate(bucket, "sweeping the abandoned uploads under " + bucket + "/" + prefix, e);
        }
        return new AbandonedWriteSweep(found, bytes, dryRun);
    }

    @Override
    public void checkKey(String key) {
        object(key);
    }

    private String object(String key) {
        BlobKeys.requireValid(key);
        if (key.startsWith(ConditionalWriteCheck.probePrefix(""))) {
            throw new IllegalArgumentException("blob key must not be under " + ConditionalWriteCheck.probePrefix("")
                    + ", where the check of conditional writes keeps its probes: " + key);
        }
        String object = prefix + key;
        if (object.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
            throw new IllegalArgumentException("blob key is longer than S3's 1,024 bytes with the prefix: " + key);
        }
        return object;
    }

    /**
     * The writer's output: past the first part, uploads each as it fills in a multipart upload (or spools it, see
     * {@link #spool}); on {@link #finish} sends the only part with one conditional PutObject, or the last part and
     * the conditional completion. Nothing is visible before then; memory stays one part.
     */
    private final class PartUpload extends PartedUpload {
        private final String object;
        private final WriteCondition condition;
        private final List<CompletedPart> parts = new ArrayList<>();
        private String uploadId;
        private Path spool;
        private OutputStream spoolOut;

        PartUpload(String object, WriteCondition condition) {
            super(PART_SIZE);
            this.object = object;
            this.condition = condition;
        }

        @Override
        protected void sendPart(byte[] part, int length) throws IOException {
            if (spool != null || condition.kind() != WriteCondition.Kind.OVERWRITE && !check.multipartHonoured()) {
                spool(part, length);
                return;
            }
            if (uploadId == null) {
                uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(object)).uploadId();
            }
            upload(part, length);
        }

        private void upload(byte[] part, int length) {
            int number = parts.size() + 1;
            String etag = client.uploadPart(b -> b.bucket(bucket).key(object).uploadId(uploadId).partNumber(number),
                    bytes(part, length)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }

        /**
         * Where the service cannot complete a multipart upload conditionally: the content so far, and all that
         * follows, goes to a temporary file, sent at the end with one conditional PutObject (S3 takes up to 5 GiB
         * so). Memory stays one part; the disk holds the rest for the moment of the write.
         */
        private void spool(byte[] part, int length) throws IOException {
            if (spool == null) {
                spool = Files.createTempFile("esbackup-s3-", ".part");
                spoolOut = Files.newOutputStream(spool);
            }
            if (size() > MAX_SINGLE_PUT) {
                throw new IOException("the content passes the " + MAX_SINGLE_PUT + " bytes one PutObject can carry, "
                        + "and the service cannot complete a larger upload conditionally");
            }
            spoolOut.write(part, 0, length);
        }

        /** Makes the content visible, under the write's condition; returns its ETag. */
        String finish() {
            finishWriting();
            if (uploadId == null) {
                PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(object);
                switch (condition.kind()) {
                    case CREATE_ONLY -> put.ifNoneMatch("*");
                    case IF_MATCH -> put.ifMatch(condition.etag());
                    case OVERWRITE -> { }
                }
                if (spool != null) {
                    try {
                        spoolOut.write(rest());
                        spoolOut.close();
                    } catch (IOException e) {
                        throw new StorageException("spooling blob " + object + " to " + spool, e);
                    }
                    return client.putObject(put.build(), RequestBody.fromFile(spool)).eTag();
                }
                return client.putObject(put.build(), bytes(rest(), restSize())).eTag();
            }
            if (restSize() > 0) {
                upload(rest(), restSize());
            }
            CompleteMultipartUploadRequest.Builder complete = CompleteMultipartUploadRequest.builder().bucket(bucket)
                    .key(object).uploadId(uploadId).multipartUpload(m -> m.parts(parts));
            switch (condition.kind()) {
                case CREATE_ONLY -> complete.ifNoneMatch("*");
                case IF_MATCH -> complete.ifMatch(condition.etag());
                case OVERWRITE -> { }
            }
            String etag = client.completeMultipartUpload(complete.build()).eTag();
            uploadId = null;
            return etag;
        }

        /** Removes the spooled file, if any. */
        void release() {
            if (spool == null) {
                return;
            }
            try {
                spoolOut.close();
                Files.deleteIfExists(spool);
            } catch (IOException ignored) {
                // a file left in the temporary folder is harmless
            }
        }

        /** Drops a multipart upload that will not be completed, so its parts are not kept (and billed). */
        void abort() {
            release();
            if (uploadId == null) {
                return;
            }
            String id = uploadId;
            uploadId = null;
            // A cancelled writer's thread is interrupted, and the SDK gives up on any request made with the flag
            // set: the abort is made without it, and the flag put back.
            boolean interrupted = Thread.interrupted();
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(object).uploadId(id));
            } catch (RuntimeException e) {
                // A bucket lifecycle rule for incomplete uploads removes it later; the write's failure matters more.
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }


    /**
     * {@code length} bytes of {@code buffer} as a request body, read from the array itself: {@code fromBytes}
     * would copy it, which with a part in the buffer makes two.
     */
    private static RequestBody bytes(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
    }
}
