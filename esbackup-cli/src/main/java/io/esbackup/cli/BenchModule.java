package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The esbackup-bench module, found at run time. The command line is compiled without it, so that
 * esbackup-all.jar carries no benchmark code; {@code esbackup bench} runs it when its jar is on the class path,
 * where the {@code esbackup} launcher puts it for that command. The entry point's name and type are the
 * contract with {@code io.esbackup.bench.BenchEntry}; BenchModuleTest holds the two sides together.
 */
final class BenchModule {
    static final String ENTRY_CLASS = "io.esbackup.bench.BenchEntry";
    static final String ENTRY_METHOD = "run";
    static final MethodType ENTRY_TYPE = MethodType.methodType(ObjectNode.class, List.class, int.class,
            Integer.class, Path.class, String.class, Consumer.class, Consumer.class);
    /** The failure's message when the module is not there: what to do. */
    static final String MISSING = "bench needs the esbackup-bench module, which esbackup-all.jar does not carry: run "
            + "./esbackup bench from a clone of the repository (the launcher builds "
            + "esbackup-bench/target/esbackup-bench.jar and puts it on the class path), or put that jar on the class "
            + "path: java -cp esbackup-all.jar:esbackup-bench.jar io.esbackup.cli.Main bench ...";

    private final MethodHandle entry;

    private BenchModule(MethodHandle entry) {
        this.entry = entry;
    }

    /** The module as {@code loader} sees it, or empty if esbackup-bench is not on its class path. */
    static Optional<BenchModule> find(ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(ENTRY_CLASS, true, loader);
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BenchModule(MethodHandles.publicLookup().findStatic(type, ENTRY_METHOD,
                    ENTRY_TYPE)));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("the esbackup-bench jar on the class path does not fit this esbackup ("
                    + e.getMessage() + "); build both from the same sources", e);
        }
    }

    /** Runs the bench (see BenchEntry.run) and returns its report as JSON, after its lines went to {@code table}. */
    ObjectNode run(List<String> scenarios, int events, Integer streams, Path dir, String azureConnectionString,
                   Consumer<String> progress, Consumer<String> table) {
        try {
            return (ObjectNode) entry.invokeExact(scenarios, events, streams, dir, azureConnectionString, progress,
                    table);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // The entry point throws no checked exception; anything else is a bug worth its stack trace.
            throw new IllegalStateException("esbackup bench failed: " + e, e);
        }
    }
}
