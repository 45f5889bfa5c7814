package io.esbackup.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * One S3 server per test JVM, for tests annotated {@code @ExtendWith(MotoServer.class)}: moto's S3 server
 * app, run by the test resource {@code moto_serial.py} with {@code python3} (or {@code $ESBACKUP_MOTO_PYTHON})
 * on 127.0.0.1 and a free port, one request at a time, and stopped by its own process id (and its descendants)
 * when the JVM's tests end. moto honours {@code If-None-Match: *} and {@code If-Match} on PutObject
 * ({@code S3BlobStoreTest} checks that a second create-only PUT is refused), but checks then stores in two steps:
 * under {@code moto_server}'s threads two racing create-only PUTs could both win, which S3 never allows, so the
 * script serves requests one at a time. S3Proxy 4.1.0 let two racing if-match writers both win
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
        String configured = System.getenv("ESBACKUP_MOTO_PYTHON");
        String python = configured != null && !configured.isBlank() ? configured : "python3";
        Path script = script();
        try {
            return ServerProcess.start("moto (moto_serial.py)", port -> List.of(python, script.toString(),
                    "127.0.0.1", String.valueOf(port)), environment, List.of(script.getParent()));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the S3 tests need moto's server (" + python + " with moto installed; "
                    + "pip install 'moto[server]'): " + e.getMessage(), e);
        }
    }

    /** The launcher script, copied out of the test resources into a folder of its own. */
    private static Path script() {
        try (InputStream in = MotoServer.class.getResourceAsStream("/moto_serial.py")) {
            if (in == null) {
                throw new IllegalStateException("moto_serial.py is missing from the test resources");
            }
            Path dir = Files.createTempDirectory("esbackup-moto-");
            Path script = dir.resolve("moto_serial.py");
            Files.copy(in, script);
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
