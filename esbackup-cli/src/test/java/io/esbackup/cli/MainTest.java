package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors and help: exit codes and what is printed where. */
class MainTest {
    @TempDir
    Path dir;

    @Test
    void unknownStoreSchemeIsAUsageErrorListingTheKnownSchemes() {
        CliRun.Result r = new CliRun(dir).run("--store", "gs://orders?AccessKey=s3cr3t", "demo");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--store", "unknown scheme 'gs:'", "known schemes: file:, azure:, azure-table:, s3:")
                .doesNotContain("s3cr3t").doesNotContain("\tat ");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void unknownBackupsSchemeIsAUsageError() {
        CliRun.Result r = new CliRun(dir).run("demo", "--backups", "gs://bucket/prefix");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--backups", "unknown scheme 'gs:'", "known schemes: file:");
    }

    @Test
    void aBarePathIsAFolder() {
        CliRun.Result r = new CliRun(dir).run("--store", "data/store", "--backups", dir.resolve("b").toString(),
                "--quiet", "demo");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(dir.resolve("data/store/object-document-store")).isDirectory();
        assertThat(dir.resolve("b/backups")).isDirectory();
    }

    @Test
    void aStoreThatIsAFileIsAUsageError() throws Exception {
        Files.writeString(dir.resolve("plain.txt"), "not a folder");

        CliRun.Result r = new CliRun(dir).run("--store", "file:plain.txt", "demo");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("plain.txt exists and is not a folder");
    }

    @Test
    void noCommandIsAUsageErrorNamingTheCommands() {
        CliRun.Result r = new CliRun(dir).run();

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no command given", "demo", "esbackup --help");
    }

    @Test
    void unknownCommandOrOptionIsAUsageError() {
        assertThat(new CliRun(dir).run("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRun.Result r = new CliRun(dir).run("demo", "--stor", "x");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--stor", "esbackup demo --help");
    }

    @Test
    void quietAndVerboseTogetherIsAUsageError() {
        CliRun.Result r = new CliRun(dir).run("--quiet", "--verbose", "demo");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--quiet and --verbose");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void helpListsCommandsOptionsAndExitCodes() {
        CliRun.Result r = new CliRun(dir).run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("demo", "--store=URI", "--backups=URI", "--json", "file:./esdata",
                "file:./esbackups", "Exit codes:", "3   backup is invalid or corrupt", "Event stores: file:");
    }

    @Test
    void demoHelpDescribesTheRoundTrip() {
        CliRun.Result r = new CliRun(dir).run("demo", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: esbackup demo", "clone", "--store=URI");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void versionIsTheToolVersion() {
        CliRun.Result r = new CliRun(dir).run("--version");

        assertThat(r.exitCode()).isZero();
        String expected = System.getProperty("esbackup.expectedVersion");
        assertThat(expected).as("system property esbackup.expectedVersion, set by the build").isNotBlank();
        assertThat(r.out().strip()).isEqualTo("esbackup " + expected);
    }
}
