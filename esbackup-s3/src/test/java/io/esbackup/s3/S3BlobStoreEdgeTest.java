package io.esbackup.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.BackupException;
import io.esbackup.error.TransientStorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link S3BlobStore} at the edges a review found: a missing bucket behind a HEAD, writers that fail with an
 * Error or are interrupted, the sweep of an upload still sending parts, the probes' folder, folder markers, a
 * service that ignores Range, missing credentials.
 */
@ExtendWith(MotoServer.class)
class S3BlobStoreEdgeTest {
    private final S3Client client = MotoServer.client();

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static java.util.Set<Path> spooledFiles() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("esbackup-s3-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    /** A missing bucket is an error naming it, also where S3 answers a HEAD's 404 without saying which is missing. */
    @Test
    void statAndDeleteInAMissingBucketAreTheMissingBucketError() {
        S3BlobStore store = S3BlobStore.forBucket(client, "no-such-bucket-review", "");
        assertThatThrownBy(() -> store.stat("k")).isInstanceOf(BackupException.class)
                .hasMessageContaining("no-such-bucket-review").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> store.delete("k")).isInstanceOf(BackupException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> store.readRange("k", 0, 0)).isInstanceOf(BackupException.class)
                .hasMessageContaining("does not exist");
    }

    /** An Error from the writer (not an IOException or RuntimeException) leaves no multipart upload open. */
    @Test
    void aWriterThatThrowsAnErrorLeavesNoUpload() {
        String bucket = MotoServer.newBucket(client, "error");
        S3BlobStore store = S3BlobStore.forBucket(client, bucket, "");
        AssertionError injected = new AssertionError("injected: the writer failed with an Error");
        Throwable thrown = catchThrowable(() -> store.write("big", WriteCondition.overwrite(), out -> {
            out.write(bytes(S3BlobStore.PART_SIZE + 10, 1));
            throw injected;
        }));
        assertThat(thrown).isSameAs(injected);
        assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("no upload left open").isEmpty();
    }

    /** The same on the spooled path (moto: a conditional write past one part is spooled): no file stays. */
    @Test
    void aWriterThatThrowsAnErrorLeavesNoSpooledFile() throws Exception {
        String bucket = MotoServer.newBucket(client, "error-spool");
        S3BlobStore store = S3BlobStore.forBucket(client, bucket, "");
        store.write("warm-up", WriteCondition.createOnly(), bytes(S3BlobStore.PART_SIZE + 1, 2)); // probes run
        java.util.Set<Path> before = spooledFiles();
        AssertionError injected = new AssertionError("injected: the writer failed with an Error");
        Throwable thrown = catchThrowable(() -> store.write("big", WriteCondition.createOnly(), out -> {
            out.write(bytes(S3BlobStore.PART_SIZE + 10, 3));
            throw injected;
        }));
        java.util.Set<Path> left = spooledFiles();
        left.removeAll(before);
        for (Path p : left) {
            Files.deleteIfExists(p); // other tests (S3BlobStoreTest) check that the temporary folder holds none
        }
        assertThat(thrown).isSameAs(injected);
        assertThat(left).as("no spooled file is left").isEmpty();
    }

    /**
     * A writer interrupted mid-upload (a cancelled bulk run): the abort is sent without the interrupt flag, which
     * is put back.
     */
    @Test
    void anInterruptedWriterLeavesNoUpload() throws Exception {
        String bucket = MotoServer.newBucket(client, "interrupt");
        S3BlobStore store = S3BlobStore.forBucket(client, bucket, "");
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(() -> thrown[0] = catchThrowable(() -> store.write("big", WriteCondition.overwrite(),
                out -> {
                    out.write(bytes(S3BlobStore.PART_SIZE + 10, 4));
                    Thread.currentThread().interrupt(); // what a cancelled task's thread sees
                    throw new InterruptedIOException("injected: cancelled");
                })));
        t.start();
        t.join();
        assertThat(thrown[0]).hasCauseInstanceOf(InterruptedIOException.class);
        assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("no upload left open").isEmpty();
    }

    /**
     * AbandonedWrites' contract: a write in progress is left alone by a cut-off well in the past. The sweep goes by
     * an upload's last part, not its start, which a running upload never moves.
     */
    @Test
    void anUploadStillSendingPartsIsNotSwept() {
        String bucket = MotoServer.newBucket(client, "running");
        S3BlobStore store = S3BlobStore.forBucket(client, bucket, "");
        String upload = client.createMultipartUpload(b -> b.bucket(bucket).key("backups/a.json")).uploadId();
        client.uploadPart(b -> b.bucket(bucket).key("backups/a.json").uploadId(upload).partNumber(1),
                RequestBody.fromBytes(new byte[1234]));
        var part = client.listParts(b -> b.bucket(bucket).key("backups/a.json").uploadId(upload)).parts().get(0);
        Instant cutOff = part.lastModified().minus(Duration.ofHours(1));
        assertThat(store.sweepAbandonedWrites(cutOff, false).count())
                .as("the upload's last part was written after the cut-off").isZero();
        assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(1);
    }

    /** The probes' folder is no key of a blob: a blob written there would never be listed. */
    @Test
    void aKeyUnderTheProbeFolderIsRefused() {
        S3BlobStore store = S3BlobStore.forBucket(client, MotoServer.newBucket(client, "probe-key"), "");
        assertThatThrownBy(() -> store.checkKey(".esbackup-probe/mine")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".esbackup-probe/");
        assertThatThrownBy(() -> store.write(".esbackup-probe/mine", WriteCondition.overwrite(), new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A folder marker (what the S3 console's "Create folder" makes) is not listed: it names no blob. */
    @Test
    void aFolderMarkerIsNotListedAsAnInvalidKey() {
        String bucket = MotoServer.newBucket(client, "marker");
        S3BlobStore store = S3BlobStore.forBucket(client, bucket, "p");
        client.putObject(b -> b.bucket(bucket).key("p/"), RequestBody.empty());
        client.putObject(b -> b.bucket(bucket).key("p/backups/"), RequestBody.empty());
        store.write("backups/x.json", WriteCondition.overwrite(), new byte[] {1});
        assertThat(store.list("").map(BlobInfo::key).toList()).containsExactly("backups/x.json");
    }

    /**
     * A range that a service answers with the whole object (200, no Content-Range: some S3-compatible services
     * and proxies ignore Range) is not taken for the range: the bytes returned are the range's.
     */
    @Test
    void aRangeAnsweredWithTheWholeObjectIsNotTakenForTheRange() throws Exception {
        String bucket = MotoServer.newBucket(client, "norange");
        byte[] content = bytes(1000, 5);
        client.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromBytes(content));
        try (S3Client ignoring = S3Client.builder().endpointOverride(MotoServer.endpoint()).forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("testing", "testing")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(
                        new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                            @Override
                            public software.amazon.awssdk.http.SdkHttpRequest modifyHttpRequest(
                                    software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                                return context.httpRequest().toBuilder().removeHeader("Range").build();
                            }
                        })).build()) {
            S3BlobStore store = S3BlobStore.forBucket(ignoring, bucket, "");
            try (Blob b = store.readRange("k", 100, 10).orElseThrow()) {
                assertThat(b.content().readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 110));
                assertThat(b.info().size()).isEqualTo(1000);
            }
        }
    }

    /** Missing credentials are not transient, and the message says what is wrong rather than a class name. */
    @Test
    void missingCredentialsAreNotTransientAndSaySo() {
        // No keys anywhere: neither in the environment given, nor a profile, nor an instance role.
        System.setProperty("aws.sharedCredentialsFile", "/nonexistent/credentials");
        System.setProperty("aws.configFile", "/nonexistent/config");
        System.setProperty("aws.disableEc2Metadata", "true");
        try (S3Client anonymous = S3Clients.create(name -> null, MotoServer.endpoint(), null)) {
            S3BlobStore store = S3BlobStore.forBucket(anonymous, "some-bucket", "");
            Throwable thrown = catchThrowable(() -> store.stat("k"));
            assertThat(thrown).isInstanceOf(BackupException.class);
            assertThat(thrown).as("no retry fixes missing credentials")
                    .isNotInstanceOf(TransientStorageException.class);
            assertThat(thrown.getMessage()).as("the message says why").containsIgnoringCase("credentials");
        } finally {
            System.clearProperty("aws.sharedCredentialsFile");
            System.clearProperty("aws.configFile");
            System.clearProperty("aws.disableEc2Metadata");
        }
    }
}
