package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress bars go to stderr when the environment says it is a terminal, never with --json or --quiet. */
class ProgressTest {
    @TempDir
    Path dir;

    @Test
    void aSingleBackupOrRestoreDrawsABarOnlyForALargeStream() throws IOException {
        Aggregates.create(dir, "order", "small", 100);
        Aggregates.create(dir, "order", "large", (int) StreamProgress.LARGE + 1);
        CliRun cli = new CliRun(dir).terminal(true);

        CliRun.Result small = cli.run("backup", "order", "small");
        assertThat(small.exitCode()).as(small.err()).isZero();
        assertThat(small.err()).isEmpty();

        CliRun.Result large = cli.run("backup", "order", "large");
        assertThat(large.exitCode()).as(large.err()).isZero();
        assertThat(large.err()).contains("backup order/large", "100%");

        String id = large.out().replaceAll("(?s).*backup ([0-9a-f-]{36}).*", "$1");
        CliRun.Result restore = cli.run("restore", id, "--overwrite");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.err()).contains("restore " + id, "100%");

        assertThat(cli.run("--json", "restore", id, "--overwrite").err()).isEmpty();
        assertThat(new CliRun(dir).run("restore", id, "--overwrite").err()).isEmpty();
    }
}
