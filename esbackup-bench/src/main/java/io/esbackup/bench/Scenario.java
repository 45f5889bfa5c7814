package io.esbackup.bench;

/** One end-to-end scenario: esbackup's operations and their baselines, measured in one run. */
interface Scenario {
    String name();

    void run(Workspace workspace, BenchOptions options, Results results);
}
