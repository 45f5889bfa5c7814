package io.esbackup.s3;

import java.net.URI;
import io.esbackup.testkit.ServerProcess;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3 server per test JVM, for tests annotated {@code @ExtendWith(MotoServer.class)}: moto's
 * {@code moto_server} (from {@code $ESBACKUP_MOTO_SERVER}, else the PATH), started on 127.0.0.1 and a free
 * port, and stopped by its own process id (and its descendants) when the JVM's tests end. moto honours
 * {@code If-None-Match: *} and {@code If-Match} on PutObject, atomically ({@code S3BlobStoreTest} checks that a
 * second create-only PUT is refused); S3Proxy 4.1.0 let two racing if-match writers both win
 * (docs/ARCHITECTURE.md, section 8d). Without moto, or if it does not answer, the tests fail saying so: they
 * never skip.
 */
public final class MotoServer implements BeforeAllCallback {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static volatile ServerProcess server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(ServerProcess.class, k -> server, ServerProcess.class);
    }

    static synchronized ServerProcess server() {
        if (server == null) {
            server = start(Map.of());
        }
        return server;
    }

    /** The server's endpoint, {@code http://127.0.0.1:PORT}. */
    public static URI endpoint() {
        return URI.create("http://127.0.0.1:" + server().port());
    }

    private static volatile S3Client client;

    /** A client of this JVM's server, with moto's test credentials (not secrets); one, shared. */
    public static synchronized S3Client client() {
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    /** A client of its own, for a test that closes it. */
    public static S3Client newClient() {
        return S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
                        "testing"))).build();
    }

    /** A new bucket no other test uses. */
    public static String newBucket(S3Client client, String hint) {
        String name = hint + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
        client.createBucket(b -> b.bucket(name));
        return name;
    }

    /**
     * Starts a server of its own with {@code environment} added (moto reads its settings from there:
     * {@code INITIAL_NO_AUTH_ACTION_COUNT=0} makes one that checks signatures).
     */
    static ServerProcess start(Map<String, String> environment) {
        String configured = System.getenv("ESBACKUP_MOTO_SERVER");
        String command = configured != null && !configured.isBlank() ? configured : "moto_server";
        try {
            return ServerProcess.start("moto_server", port -> List.of(command, "-H", "127.0.0.1", "-p",
                    String.valueOf(port)), environment, List.of());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the S3 tests need moto's server (" + command + "; pip install "
                    + "'moto[server]'): " + e.getMessage(), e);
        }
    }
}
