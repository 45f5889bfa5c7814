package io.esbackup.azure;

import com.azure.storage.blob.BlobServiceClient;
import io.esbackup.testkit.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Azurite blob service per test JVM, for tests annotated {@code @ExtendWith(Azurite.class)}.
 *
 * <p>Installs the npm package {@code azurite@}{@value #VERSION} once into
 * {@code ~/.cache/esbackup/azurite-VERSION} (or {@code $ESBACKUP_AZURITE_DIR}), starts
 * {@code azurite-blob} on 127.0.0.1 and a free port with a temporary folder, and stops it by its own
 * process id (and its descendants) when the JVM's tests end. Without node and npm, or if Azurite does not
 * answer, the tests fail with a message saying so: they never skip.
 */
public final class Azurite implements BeforeAllCallback {
    public static final String VERSION = "3.37.0";
    static final String ACCOUNT = "devstoreaccount1";
    // Azurite's published, well-known development key: not a secret.
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static volatile ServerProcess server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server();
        // Stopped when the root context closes, which is when the JVM's tests end.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(ServerProcess.class, k -> server, ServerProcess.class);
    }

    static synchronized ServerProcess server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    /** The connection string of this JVM's Azurite (started on first use). */
    public static String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:" + server().port() + "/" + ACCOUNT + ";";
    }

    public static BlobServiceClient client() {
        return AzureClients.fromConnectionString(connectionString());
    }

    /** A container name no other test uses (in this JVM: Azurite's folder is fresh for every JVM). */
    public static String uniqueContainer(String hint) {
        return hint + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    /** Azurite's blob service on a free port of 127.0.0.1, with a new folder of its own. */
    static ServerProcess start() {
        Path bin = install().resolve("node_modules/.bin/azurite-blob");
        Path data;
        try {
            data = Files.createTempDirectory("esbackup-azurite-");
        } catch (IOException e) {
            throw new IllegalStateException("could not make a folder for Azurite: " + e.getMessage(), e);
        }
        return ServerProcess.start("Azurite", port -> List.of(bin.toString(), "--blobHost", "127.0.0.1",
                "--blobPort", String.valueOf(port), "--location", data.toString(), "--disableTelemetry",
                "--skipApiVersionCheck", "--loose"), java.util.Map.of(), List.of(data));
    }

    /** The folder holding node_modules/.bin/azurite-blob, installed with npm on first use. */
    static synchronized Path install() {
        String configured = System.getenv("ESBACKUP_AZURITE_DIR");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "esbackup", "azurite-" + VERSION);
        Path bin = dir.resolve("node_modules/.bin/azurite-blob");
        Path marker = dir.resolve("node_modules/azurite/package.json");
        if (Files.isExecutable(bin) && Files.isRegularFile(marker)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            Path log = Files.createTempFile("esbackup-npm-", ".log");
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "azurite@" + VERSION,
                    "--prefix", dir.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!npm.waitFor(5, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm install azurite@" + VERSION + " took more than 5 minutes");
            }
            if (npm.exitValue() != 0 || !Files.isExecutable(bin)) {
                throw new IllegalStateException("npm install azurite@" + VERSION + " into " + dir + " failed ("
                        + npm.exitValue() + "): " + Files.readString(log, StandardCharsets.UTF_8));
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("the Azure tests need Node.js and npm on the PATH to install Azurite "
                    + VERSION + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing Azurite", e);
        }
    }
}
