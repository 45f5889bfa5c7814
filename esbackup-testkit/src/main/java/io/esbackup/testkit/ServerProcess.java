package io.esbackup.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server the tests start as a process of their own (Azurite, moto's S3 server) on 127.0.0.1 and a free port,
 * wait for until it answers there, and stop by its own process id and its descendants' (a shell or Python
 * shim starts the real server as a child): when closed, and at the latest when the JVM exits. Its output goes
 * to a log, quoted when it fails to start; the log and the folders it was given are deleted when it stops. As a
 * JUnit {@link ExtensionContext.Store.CloseableResource}, it is closed when the store that holds it closes.
 */
public final class ServerProcess implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final List<Path> owned;

    private ServerProcess(String name, Process process, int port, Path log, List<Path> owned) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.owned = owned;
    }

    /**
     * Starts {@code name}'s command, which {@code command} makes for a free port, with {@code environment} added
     * to this process's, and returns once it answers on 127.0.0.1 at that port (within 60 s).
     *
     * @param owned folders or files the server uses that go when it stops
     * @throws IllegalStateException if it cannot be started, exits, or does not answer, quoting its log
     */
    public static ServerProcess start(String name, IntFunction<List<String>> command, Map<String, String> environment,
                                      List<Path> owned) {
        List<String> args = null;
        try {
            int port = freePort();
            args = command.apply(port);
            Path log = Files.createTempFile("esbackup-" + name.replaceAll("[^A-Za-z0-9]", "") + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            ServerProcess server = new ServerProcess(name, builder.start(), port, log, List.copyOf(owned));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            server.awaitPort();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + " (" + (args == null ? "" : args.get(0))
                    + "): " + e.getMessage(), e);
        }
    }

    /** The port it answers on, at 127.0.0.1. */
    public int port() {
        return port;
    }

    private void awaitPort() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": "
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
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
            }
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        close();
        throw new IllegalStateException(name + " did not answer on port " + port + " within 60 s: " + text);
    }

    /** Stops it by its process id, and its descendants by theirs, then deletes its log and what it owned. */
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
        owned.forEach(ServerProcess::deleteQuietly);
        deleteQuietly(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // A temporary file left behind is harmless.
        }
    }
}
