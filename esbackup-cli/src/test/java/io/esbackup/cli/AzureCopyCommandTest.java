package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.azure.Azurite;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code esbackup copy} with Azure (Azurite): a folder to a container whose account is given only to the
 * destination (option or variable), and a container back to a folder; no output ever holds the account key.
 */
@ExtendWith(Azurite.class)
class AzureCopyCommandTest {
    @TempDir
    Path dir;
    final List<CliRun.Result> all = new ArrayList<>();
    Map<String, String> variables = Map.of();

    CliRun.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(new CliEnvironment(dir, Clock.fixed(CliRun.NOW, ZoneOffset.UTC),
                new Random(CliRun.SEED + all.size())));
        ((EsBackupCommand) cmd.getCommandSpec().userObject()).variables(variables::get);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        CliRun.Result r = new CliRun.Result(cmd.execute(args), out.toString(), err.toString());
        all.add(r);
        return r;
    }

    @Test
    void aFolderCopiesToAContainerOfAnotherAccountAndBackWithoutShowingTheKey() throws IOException {
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
        variables = Map.of(CopyCommand.TO_AZURE_VARIABLE, secret);
        CliRun.Result again = run("copy", "--to", container);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("3 already there");
        variables = Map.of();

        CliRun.Result back = run("--backups", container, "--azure-connection-string", secret, "--json", "copy",
                "--to", "file:./back");
        assertThat(back.exitCode()).as(back.err()).isZero();
        assertThat(CliRun.oneDocument(back).path("copied").asInt()).isEqualTo(3);
        CliRun.Result restored = run("--backups", "file:./back", "--json", "validate", "--all");
        assertThat(restored.exitCode()).as(restored.err()).isZero();

        String wrong = "DefaultEndpointsProtocol=http;AccountName=nobody;AccountKey=c2VjcmV0LWtleS1kby1ub3Qtc2hvdw==";
        CliRun.Result refused = run("copy", "--to", container, "--to-azure-connection-string", wrong + ";Bogus");
        assertThat(refused.exitCode()).isNotZero();
        for (CliRun.Result r : all) {
            assertThat(r.out() + r.err()).doesNotContain(secret).doesNotContain("AccountKey")
                    .doesNotContain("c2VjcmV0LWtleS1kby1ub3Qtc2hvdw");
        }
    }
}
