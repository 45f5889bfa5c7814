package io.esbackup.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The work folder of one bench run: the generated stores (made once, shared by the scenarios that use the
 * same size), fresh folders for backups and copies, and the child JVMs' logs.
 */
final class Workspace {
    private final Path root;
    private final Consumer<String> log;
    private final StoreFixtures fixtures;
    private final ChildJvm jvm;
    private final Map<String, Path> stores = new HashMap<>();
    private int folders;

    Workspace(Path root, EventGenerator generator, Consumer<String> log) {
        this.root = root;
        this.log = log;
        this.fixtures = new StoreFixtures(generator);
        this.jvm = new ChildJvm(root.resolve("logs"));
    }

    ChildJvm jvm() {
        return jvm;
    }

    void log(String format, Object... args) {
        log.accept(String.format(format, args));
    }

    /** A store with one stream of {@code events} events, generated on first use. */
    Path bigStore(int events) {
        return stores.computeIfAbsent("big-" + events, name -> {
            Path dir = root.resolve("stores").resolve(name);
            log("generating a store with one stream of %,d events ...", events);
            long start = System.nanoTime();
            fixtures.bigStream(dir, events);
            log("  %,d bytes in %.1f s", Folders.size(dir), (System.nanoTime() - start) / 1e9);
            return dir;
        });
    }

    /** A store with {@code streams} streams of 20 events, generated on first use. */
    Path manyStore(int streams) {
        return stores.computeIfAbsent("many-" + streams, name -> {
            Path dir = root.resolve("stores").resolve(name);
            log("generating a store with %,d streams of %d events ...", streams, StoreFixtures.EVENTS_PER_STREAM);
            long start = System.nanoTime();
            fixtures.manyStreams(dir, streams);
            log("  %,d bytes in %.1f s", Folders.size(dir), (System.nanoTime() - start) / 1e9);
            return dir;
        });
    }

    /** Appends an event to every {@code every}-th stream of a store of {@link #manyStore}; how many changed. */
    int changeEvery(Path store, int streams, int every) {
        return fixtures.appendToEvery(store, streams, every);
    }

    /** A new folder (created) for one operation's output. */
    Path folder(String hint) {
        Path dir = root.resolve("out").resolve(++folders + "-" + hint);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** A path for a new file of one operation's output (its folder created). */
    Path file(String name) {
        return folder(name).resolve(name);
    }
}
