package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress bars go to stderr when the environment says it is a terminal, never with --json or --quiet. */
class ProgressTest {
    @TempDir
    Path dir;

    @Test
    void bulkRunsDrawABarOnlyOnATerminal() {
        Aggregates.createMany(dir, "order", "o", 3);
        CliRun cli = new CliRun(dir);

        CliRun.Result plain = cli.run("backup-many", "order", "--all");
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.err()).isEmpty();

        CliRun.Result terminal = cli.terminal(true).run("backup-many", "order", "--all");
        assertThat(terminal.exitCode()).as(terminal.err()).isZero();
        // The bar is redrawn by the library's own thread, so only what every redraw shows is asserted.
        assertThat(terminal.err()).contains("\r", "backup-many order").endsWith(System.lineSeparator());
        assertThat(terminal.out()).startsWith("Backed up 3 streams").doesNotContain("\r");
    }

    @Test
    void neverWithJsonOrQuiet() throws IOException {
        Aggregates.createMany(dir, "order", "o", 3);
        CliRun cli = new CliRun(dir).terminal(true);

        CliRun.Result json = cli.run("--json", "backup-many", "order", "--all");
        assertThat(json.exitCode()).isZero();
        assertThat(json.err()).isEmpty();
        assertThat(CliRun.oneDocument(json).path("successCount").asInt()).isEqualTo(3);

        CliRun.Result quiet = cli.run("--quiet", "backup-many", "order", "--all");
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.out()).isEmpty();
    }

    @Test
    void restoreManyFromAFileAndValidateAllDrawBars() throws IOException {
        Aggregates.createMany(dir, "order", "o", 2);
        CliRun cli = new CliRun(dir);
        assertThat(cli.run("--quiet", "backup-many", "order", "--all").exitCode()).isZero();
        StringBuilder file = new StringBuilder();
        CliRun.oneDocument(cli.run("--json", "list")).forEach(b -> file.append(b.path("backupId").asText())
                .append('\n'));
        Files.writeString(dir.resolve("ids.txt"), file + "oops\n");

        CliRun.Result restore = cli.terminal(true).run("restore-many", "--ids", "ids.txt", "--overwrite");
        assertThat(restore.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(restore.err()).contains("restore-many", "3/3", "1 failed");
        assertThat(restore.err().lines().reduce((a, b) -> b).orElseThrow())
                .startsWith("esbackup: 1 of 3 backups failed");

        CliRun.Result validate = cli.run("validate", "--all");
        assertThat(validate.exitCode()).isZero();
        // validate --all streams the backups, so its bar counts without a total.
        assertThat(validate.err()).contains("validate");
        assertThat(validate.out().lines()).hasSize(2).allSatisfy(l -> assertThat(l).endsWith("valid"));
    }

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
