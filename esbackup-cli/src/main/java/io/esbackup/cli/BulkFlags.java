package io.esbackup.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How a bulk run goes: the options {@code backup-many} and {@code restore-many} share. */
final class BulkFlags {
    static final int MIN_CONCURRENCY = 1;
    static final int MAX_CONCURRENCY = 256;
    static final int DEFAULT_CONCURRENCY = 4;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    private int concurrency = DEFAULT_CONCURRENCY;

    @Option(names = "--fail-fast",
            description = {"Stop starting new work at the first failure; work in flight finishes, and what was "
                + "done is printed.", "Default: go on and report every failure at the end"})
    private boolean failFast;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + DEFAULT_CONCURRENCY,
            description = {"How many at a time, " + MIN_CONCURRENCY + " to " + MAX_CONCURRENCY + ".",
                "Default: ${DEFAULT-VALUE}"})
    void concurrency(int n) {
        if (n < MIN_CONCURRENCY || n > MAX_CONCURRENCY) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be between " + MIN_CONCURRENCY
                    + " and " + MAX_CONCURRENCY + ", was " + n);
        }
        concurrency = n;
    }

    int concurrency() {
        return concurrency;
    }

    boolean failFast() {
        return failFast;
    }
}
