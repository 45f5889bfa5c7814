package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.bench.Bench;
import io.esbackup.bench.BenchEntry;
import io.esbackup.bench.BenchOptions;
import org.junit.jupiter.api.Test;

/**
 * The command line and the bench module meet only at run time, by name: these hold the two sides together
 * (the tests see esbackup-bench; the runnable jar does not, RunnableJarIT checks that).
 */
class BenchModuleTest {
    @Test
    void theCommandKnowsTheBenchModulesScenariosAndSizes() {
        assertThat(BenchCommand.SCENARIOS).isEqualTo(Bench.SCENARIOS);
        assertThat(BenchCommand.EVENTS).isEqualTo(BenchOptions.EVENTS);
        assertThat(BenchCommand.MANY_STREAMS).isEqualTo(BenchOptions.MANY_STREAMS);
        assertThat(BenchCommand.AZURE_STREAMS).isEqualTo(BenchOptions.AZURE_STREAMS);
        assertThat(BenchCommand.COPY_BACKUPS).isEqualTo(BenchOptions.COPY_BACKUPS);
    }

    @Test
    void theEntryPointIsFoundByTheNameAndTypeTheBenchModuleGivesIt() {
        assertThat(BenchModule.ENTRY_CLASS).isEqualTo(BenchEntry.CLASS_NAME);
        assertThat(BenchModule.ENTRY_METHOD).isEqualTo(BenchEntry.METHOD_NAME);
        assertThat(BenchModule.find(getClass().getClassLoader())).isPresent();
    }

    @Test
    void withoutTheBenchModuleOnTheClassPathThereIsNone() {
        ClassLoader withoutBench = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("io.esbackup.bench.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        assertThat(BenchModule.find(withoutBench)).isEmpty();
    }
}
