package io.esbackup.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.TransientStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link S3BlobStore} beyond the common suite: the server's conditional writes (the reason moto serves these
 * tests), multipart writes with their conditions, a service that ignores conditions, a missing bucket, a server
 * that is gone, and messages without secrets.
 */
@ExtendWith(MotoServer.class)
class S3BlobStoreTest {
    private static final int BIG = 2 * S3BlobStore.PART_SIZE + 12345;

    private final S3Client client = MotoServer.client();

    private S3BlobStore store(String hint) {
        return S3BlobStore.forBucket(client, MotoServer.newBucket(client, hint), "p");
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(S3BlobStore store, String key) throws IOException {
        try (Blob blob = store.read(key).orElseThrow()) {
            return blob.content().readAllBytes();
        }
    }

    /** Why moto: it refuses a second create-only PUT and an if-match PUT on a stale ETag, as S3 does. */
    @Test
    void theServerRefusesASecondCreateOnlyPutAndAStaleIfMatch() {
        String bucket = MotoServer.newBucket(client, "raw");
        String etag = client.putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("1"))
                .eTag();
        assertThatThrownBy(() -> client.putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"),
                RequestBody.fromString("2"))).isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.statusCode()).isEqualTo(412));
        client.putObject(b -> b.bucket(bucket).key("k").ifMatch(etag), RequestBody.fromString("3"));
        assertThatThrownBy(() -> client.putObject(b -> b.bucket(bucket).key("k").ifMatch(etag),
                RequestBody.fromString("4"))).isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.statusCode()).isEqualTo(412));
    }

    @Test
    void aWriteOfSeveralPartsRoundTripsAndKeepsItsCondition() throws Exception {
        S3BlobStore store = store("multi");
        byte[] first = bytes(BIG, 1);
        BlobInfo written = store.write("big/a", WriteCondition.createOnly(), first);
        assertThat(written.size()).isEqualTo(BIG);
        // moto cannot complete a multipart upload conditionally: the write went up as one conditional PutObject,
        // whose ETag is the content's MD5 (a multipart upload's ends in -PARTS).
        assertThat(written.etag()).isEqualTo("\"" + md5(first) + "\"");
        assertThat(read(store, "big/a")).isEqualTo(first);
        assertThat(store.stat("big/a")).map(BlobInfo::etag).hasValue(written.etag());

        assertThatThrownBy(() -> store.write("big/a", WriteCondition.createOnly(), bytes(BIG, 2)))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> store.write("big/a", WriteCondition.ifMatch("\"0123456789abcdef\""), bytes(BIG, 3)))
                .isInstanceOf(ConflictException.class);
        assertThat(read(store, "big/a")).as("the losers changed nothing").isEqualTo(first);

        byte[] second = bytes(BIG, 4);
        store.write("big/a", WriteCondition.ifMatch(written.etag()), second);
        assertThat(read(store, "big/a")).isEqualTo(second);
        long offset = S3BlobStore.PART_SIZE - 100;
        try (Blob range = store.readRange("big/a", offset, 300).orElseThrow();
             InputStream in = range.content()) {
            assertThat(range.info().size()).as("the whole object's size").isEqualTo(BIG);
            byte[] expected = java.util.Arrays.copyOfRange(second, (int) offset, (int) offset + 300);
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
        assertThat(client.listMultipartUploads(b -> b.bucket(bucketOf(store))).uploads())
                .as("no upload is left open").isEmpty();
    }

    @Test
    void anUnconditionalWriteOfSeveralPartsGoesUpAsAMultipartUpload() throws Exception {
        S3BlobStore store = store("parts");
        byte[] content = bytes(BIG, 6);
        BlobInfo written = store.write("big/c", WriteCondition.overwrite(), content);
        assertThat(written.etag()).matches("\"[0-9a-f]{32}-3\"");
        assertThat(read(store, "big/c")).isEqualTo(content);
        assertThat(store.stat("big/c")).map(BlobInfo::size).hasValue((long) BIG);
    }

    @Test
    void aWriterThatFailsInItsSecondPartLeavesNoObjectAndNoUpload() {
        S3BlobStore store = store("abort");
        IOException broken = new IOException("injected: the source broke");
        for (WriteCondition condition : java.util.List.of(WriteCondition.createOnly(), WriteCondition.overwrite())) {
            assertThatThrownBy(() -> store.write("big/b", condition, out -> {
                out.write(bytes(S3BlobStore.PART_SIZE + 10, 5));
                throw broken;
            })).as("%s", condition).hasCause(broken);
            assertThat(store.stat("big/b")).isEmpty();
        }
        assertThat(client.listMultipartUploads(b -> b.bucket(bucketOf(store))).uploads()).isEmpty();
    }

    /** The conditions stripped from the completion of multipart uploads only: a service that ignores them there. */
    private static final class IgnoreConditionsOnCompletion implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                                ExecutionAttributes executionAttributes) {
            SdkHttpRequest request = context.httpRequest();
            boolean completion = request.method() == software.amazon.awssdk.http.SdkHttpMethod.POST
                    && request.rawQueryParameters().containsKey("uploadId");
            return completion ? request.toBuilder().removeHeader("If-None-Match").removeHeader("If-Match").build()
                    : request;
        }
    }

    @Test
    void whereTheServiceCannotCompleteConditionallyALargeConditionalWriteGoesUpAsOnePut() throws Exception {
        String bucket = MotoServer.newBucket(client, "spool");
        try (S3Client partial = S3Client.builder().endpointOverride(MotoServer.endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("testing", "testing")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new IgnoreConditionsOnCompletion())).build()) {
            S3BlobStore store = S3BlobStore.forBucket(partial, bucket, "");
            byte[] first = bytes(BIG, 7);
            BlobInfo written = store.write("big", WriteCondition.createOnly(), first);
            assertThat(written.etag()).as("one PutObject: the content's MD5").isEqualTo("\"" + md5(first) + "\"");
            assertThatThrownBy(() -> store.write("big", WriteCondition.createOnly(), bytes(BIG, 8)))
                    .isInstanceOf(AlreadyExistsException.class);
            assertThatThrownBy(() -> store.write("big", WriteCondition.ifMatch("\"0123456789abcdef\""), bytes(BIG, 9)))
                    .isInstanceOf(ConflictException.class);
            assertThat(read(store, "big")).isEqualTo(first);
            byte[] second = bytes(BIG, 10);
            store.write("big", WriteCondition.ifMatch(written.etag()), second);
            assertThat(read(store, "big")).isEqualTo(second);
            // Unconditional writes still go up in parts.
            assertThat(store.write("other", WriteCondition.overwrite(), first).etag()).endsWith("-3\"");
            try (var spooled = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
                assertThat(spooled.map(p -> p.getFileName().toString()))
                        .as("no spooled file is left").noneMatch(n -> n.startsWith("esbackup-s3-"));
            }
        }
    }

    /** The headers stripped on the way out: a service that ignores conditional writes, as far as we can tell. */
    private static final class IgnoreConditions implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                                ExecutionAttributes executionAttributes) {
            return context.httpRequest().toBuilder().removeHeader("If-None-Match").removeHeader("If-Match").build();
        }
    }

    @Test
    void aServiceThatIgnoresConditionalWritesIsRefusedBeforeAnythingIsWritten() {
        String bucket = MotoServer.newBucket(client, "ignores");
        try (S3Client ignoring = S3Client.builder().endpointOverride(MotoServer.endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("testing", "testing")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new IgnoreConditions())).build()) {
            S3BlobStore store = S3BlobStore.forBucket(ignoring, bucket, "");
            assertThatThrownBy(() -> store.write("k", WriteCondition.createOnly(), new byte[] {1}))
                    .isInstanceOf(BackupException.class).hasMessageContaining("bucket " + bucket)
                    .hasMessageContaining("does not honour conditional writes");
            assertThat(client.listObjectsV2(b -> b.bucket(bucket)).contents()).as("nothing written, no probe left")
                    .isEmpty();
            assertThatThrownBy(() -> store.write("k", WriteCondition.ifMatch("\"x\""), new byte[] {1}))
                    .as("checked again, not remembered as passed").hasMessageContaining("conditional writes");
        }
    }

    @Test
    void aMissingBucketIsAnErrorNamingItAndNothingIsCreated() {
        S3BlobStore store = S3BlobStore.forBucket(client, "no-such-bucket-here", "");
        assertThatThrownBy(() -> store.write("k", WriteCondition.overwrite(), new byte[] {1}))
                .isInstanceOf(BackupException.class).hasMessageContaining("no-such-bucket-here")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> store.list("").toList()).hasMessageContaining("no-such-bucket-here")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> store.read("k")).hasMessageContaining("does not exist");
        assertThat(client.listBuckets().buckets()).noneMatch(b -> b.name().equals("no-such-bucket-here"));
    }

    @Test
    void aServerThatIsGoneIsATransientFailureAndNoMessageHoldsTheSecret() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String secret = "SECRET-" + Long.toHexString(new Random().nextLong());
        int closedPort = port;
        try (S3Client gone = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .forcePathStyle(true).region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", secret)))
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))).build()) {
            S3BlobStore store = S3BlobStore.forBucket(gone, "some-bucket", "");
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> store.stat("k"));
            assertThat(thrown).isInstanceOf(TransientStorageException.class).hasMessageContaining("k");
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            }
        }
    }

    /**
     * A server that checks signatures (moto with authentication on from its first request, and no keys made):
     * a key it does not know is refused with 403, which is not transient, and no message holds the secret.
     */
    @Test
    void aKeyTheServerDoesNotKnowIsRefusedWithoutShowingTheSecret() {
        String secret = "SECRET-" + Long.toHexString(new Random().nextLong());
        try (var strict = MotoServer.start(java.util.Map.of("INITIAL_NO_AUTH_ACTION_COUNT", "0"));
             S3Client wrong = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + strict.port()))
                     .forcePathStyle(true).region(Region.US_EAST_1).credentialsProvider(
                             StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDWRONG", secret)))
                     .build()) {
            S3BlobStore store = S3BlobStore.forBucket(wrong, "some-bucket", "");
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> store.write("k", WriteCondition.overwrite(), new byte[] {1}));
            assertThat(thrown).isInstanceOf(BackupException.class).isNotInstanceOf(TransientStorageException.class)
                    .hasMessageContaining("writing blob k").hasMessageContaining("403");
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            }
        }
    }

    @Test
    void badInputIsRefusedNamingTheArgument() {
        assertThatThrownBy(() -> S3BlobStore.forBucket(client, "Bad_Bucket", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket name");
        assertThatThrownBy(() -> S3BlobStore.forBucket(null, "fine-bucket", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client");
        assertThatThrownBy(() -> S3BlobStore.forBucket(client, "fine-bucket", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> S3BlobStore.forBucket(client, "fine-bucket", "a/../b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String bucketOf(S3BlobStore store) {
        String s = store.toString();
        return s.substring("s3 bucket ".length(), s.indexOf('/'));
    }

    static String md5(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }
}
