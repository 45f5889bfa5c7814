package io.esbackup.azure;

import com.azure.data.tables.TableServiceClient;
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
    private static volatile ServerProcess tables;
    private static volatile ServerProcess other;

    @Override
    public void beforeAll(ExtensionContext context) {
        server();
        tables();
        // Stopped when the root context closes, which is when the JVM's tests end.
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        store.getOrComputeIfAbsent("azurite-blob", k -> server, ServerProcess.class);
        store.getOrComputeIfAbsent("azurite-table", k -> tables, ServerProcess.class);
    }

    static synchronized ServerProcess server() {
        if (server == null) {
            server = start("azurite-blob", "--blobHost", "--blobPort");
        }
        return server;
    }

    /** Azurite's table service, started on first use and stopped with the blob service's JVM. */
    static synchronized ServerProcess tables() {
        if (tables == null) {
            tables = start("azurite-table", "--tableHost", "--tablePort");
        }
        return tables;
    }

    /** The connection string of this JVM's Azurite table service (started on first use). */
    public static String tableConnectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";TableEndpoint=http://127.0.0.1:" + tables().port() + "/" + ACCOUNT + ";";
    }

    /** A connection string naming both services, as an account that has both would give. */
    public static String fullConnectionString() {
        return connectionString() + "TableEndpoint=http://127.0.0.1:" + tables().port() + "/" + ACCOUNT + ";";
    }

    public static TableServiceClient tableClient() {
        return AzureClients.tablesFromConnectionString(tableConnectionString());
    }

    /** A table name prefix no other test uses: letters and digits only, as table names must be. */
    public static String uniqueTablePrefix(String hint) {
        return hint + ProcessHandle.current().pid() + "x" + NAMES.incrementAndGet() + "x";
    }

    /** The connection string of this JVM's Azurite (started on first use). */
    public static String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:" + server().port() + "/" + ACCOUNT + ";";
    }

    /**
     * The connection string of a second Azurite blob service, started on first use and stopped when the JVM exits:
     * another storage account as far as esbackup can tell (its own endpoint and data), for copies between accounts.
     */
    public static String otherAccountConnectionString() {
        synchronized (Azurite.class) {
            if (other == null) {
                other = start("azurite-blob", "--blobHost", "--blobPort");
            }
        }
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:" + other.port() + "/" + ACCOUNT + ";";
    }

    public static BlobServiceClient client() {
        return AzureClients.fromConnectionString(connectionString());
    }

    /** A container name no other test uses (in this JVM: Azurite's folder is fresh for every JVM). */
    public static String uniqueContainer(String hint) {
        return hint + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    /** One of Azurite's services ({@code azurite-blob}, {@code azurite-table}) on a free port of 127.0.0.1, with a new folder of its own. */
    static ServerProcess start(String service, String hostOption, String portOption) {
        Path bin = install().resolve("node_modules/.bin/" + service);
        Path data;
        try {
            data = Files.createTempDirectory("esbackup-azurite-");
        } catch (IOException e) {
            throw new IllegalStateException("could not make a folder for Azurite: " + e.getMessage(), e);
        }
        return ServerProcess.start("Azurite (" + service + ")", port -> List.of(bin.toString(), hostOption, "127.0.0.1",
                portOption, String.valueOf(port), "--location", data.toString(), "--disableTelemetry",
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
