package io.esbackup.s3;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private static volatile Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Server.class, k -> server, Server.class);
    }

    static synchronized Server server() {
        if (server == null) {
            server = Server.start();
        }
        return server;
    }

    /** The server's endpoint, {@code http://127.0.0.1:PORT}. */
    public static URI endpoint() {
        return URI.create("http://127.0.0.1:" + server().port);
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

    static final class Server implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Process process;
        final int port;
        final Path log;

        private Server(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        static Server start() {
            return start(java.util.Map.of());
        }

        /** A server of its own with {@code environment} added (moto reads its settings from there). */
        static Server start(java.util.Map<String, String> environment) {
            String configured = System.getenv("ESBACKUP_MOTO_SERVER");
            String command = configured != null && !configured.isBlank() ? configured : "moto_server";
            try {
                int port = freePort();
                Path log = Files.createTempFile("esbackup-moto-", ".log");
                ProcessBuilder builder = new ProcessBuilder(command, "-H", "127.0.0.1", "-p", String.valueOf(port))
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putAll(environment);
                Process p = builder.start();
                Server s = new Server(p, port, log);
                Runtime.getRuntime().addShutdownHook(new Thread(s::close));
                s.awaitPort();
                return s;
            } catch (IOException e) {
                throw new IllegalStateException("the S3 tests need moto's server (" + command + ", pip install "
                        + "'moto[server]'), and it could not be started: " + e.getMessage(), e);
            }
        }

        private void awaitPort() throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": "
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return;
                } catch (IOException notYet) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for moto_server", e);
                    }
                }
            }
            close();
            throw new IllegalStateException("moto_server did not answer on port " + port + " within 60 s: "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            children.forEach(ProcessHandle::destroy);
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a log left in the temporary folder is harmless
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
