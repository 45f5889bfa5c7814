package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.azure.Azurite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code esbackup copy} with Azure (Azurite): a folder to a container whose account is given only to the
 * destination (option or variable), and a container back to a folder; no output ever holds the account key.
 */
@ExtendWith(Azurite.class)
class AzureCopyCommandTest {
    @TempDir
    Path dir;
    CliRun cli;

    CliRun.Result run(String... args) {
        return cli.run(args);
    }

    @Test
    void aFolderCopiesToAContainerOfAnotherAccountAndBackWithoutShowingTheKey() throws IOException {
        cli = new CliRun(dir).variables(Map.of());
        Aggregates.createMany(dir, "order", "o", 3);
        assertThat(run("--quiet", "backup-many", "order", "--all").exitCode()).isZero();
        String secret = Azurite.connectionString();
        String container = "azure://" + Azurite.uniqueContainer("dr") + "/nightly";

        // The source is a folder: only the destination has an account, given to it alone.
        CliRun.Result copied = run("--json", "copy", "--to", container, "--to-azure-connection-string", secret);
        assertThat(copied.exitCode()).as(copied.err()).isZero();
        assertThat(CliRun.oneDocument(copied).path("copied").asInt()).isEqualTo(3);
        assertThat(CliRun.oneDocument(copied).path("to").asText()).startsWith("azure://");

        CliRun.Result listed = run("--backups", container, "--azure-connection-string", secret, "--json", "list");
        assertThat(CliRun.oneDocument(listed)).hasSize(3);

        // The account from the variable, for a destination in another account than --backups'.
        cli.variables(Map.of(CopyCommand.TO_AZURE_VARIABLE, secret));
        CliRun.Result again = run("copy", "--to", container);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("3 already there");
        cli.variables(Map.of());

        CliRun.Result back = run("--backups", container, "--azure-connection-string", secret, "--json", "copy",
                "--to", "file:./back");
        assertThat(back.exitCode()).as(back.err()).isZero();
        assertThat(CliRun.oneDocument(back).path("copied").asInt()).isEqualTo(3);
        CliRun.Result restored = run("--backups", "file:./back", "--json", "validate", "--all");
        assertThat(restored.exitCode()).as(restored.err()).isZero();

        String wrong = "DefaultEndpointsProtocol=http;AccountName=nobody;AccountKey=c2VjcmV0LWtleS1kby1ub3Qtc2hvdw==";
        CliRun.Result refused = run("copy", "--to", container, "--to-azure-connection-string", wrong + ";Bogus");
        assertThat(refused.exitCode()).isNotZero();
        for (CliRun.Result r : cli.all()) {
            assertThat(r.out() + r.err()).doesNotContain(secret).doesNotContain("AccountKey")
                    .doesNotContain("c2VjcmV0LWtleS1kby1ub3Qtc2hvdw");
        }
    }

    @Test
    void aContainerCopiesToTheSameNamedContainerOfAnotherAccountButNotToItself() throws IOException {
        cli = new CliRun(dir).variables(Map.of());
        Aggregates.createMany(dir, "order", "o", 2);
        String home = Azurite.connectionString();
        String other = Azurite.otherAccountConnectionString();
        String container = "azure://" + Azurite.uniqueContainer("same") + "/nightly";
        CliRun.Result made = run("--backups", container, "--azure-connection-string", home, "--quiet", "backup-many",
                "order", "--all");
        assertThat(made.exitCode()).as(made.err()).isZero();

        // The seed's "a separate storage account": the same container name there is another location.
        CliRun.Result copied = run("--backups", container, "--azure-connection-string", home, "--json", "copy",
                "--to", container, "--to-azure-connection-string", other);
        assertThat(copied.exitCode()).as(copied.err()).isZero();
        assertThat(CliRun.oneDocument(copied).path("copied").asInt()).isEqualTo(2);
        CliRun.Result there = run("--backups", container, "--azure-connection-string", other, "--json", "list");
        assertThat(CliRun.oneDocument(there)).hasSize(2);

        // The same account, given to the destination again, is --backups itself.
        CliRun.Result itself = run("--backups", container, "--azure-connection-string", home, "copy", "--to",
                container, "--to-azure-connection-string", home);
        assertThat(itself.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(itself.err()).contains("--to is --backups itself");
        for (CliRun.Result r : cli.all()) {
            assertThat(r.out() + r.err()).doesNotContain(home).doesNotContain(other).doesNotContain("AccountKey");
        }
    }
}
