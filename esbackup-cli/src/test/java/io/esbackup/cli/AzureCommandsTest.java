package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.azure.Azurite;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The commands against Azure Storage (Azurite): backups in a container, and an event store in Azure. */
@ExtendWith(Azurite.class)
class AzureCommandsTest {
    @TempDir
    Path dir;

    @Test
    void backupListValidateAndCloneWithBackupsInAzure() throws IOException {
        Aggregates.createMany(dir, "order", "o", 2);
        String secret = Azurite.connectionString();
        String backups = "azure://" + Azurite.uniqueContainer("cli-backups") + "/nightly";
        CliRun cli = new CliRun(dir);

        CliRun.Result made = cli.run("--backups", backups, "--azure-connection-string", secret, "--json",
                "backup-many", "order", "--all");
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(CliRun.oneDocument(made).path("successCount").asLong()).isEqualTo(2);

        CliRun.Result list = cli.run("--backups", backups, "--azure-connection-string", secret, "--json", "list");
        JsonNode listed = CliRun.oneDocument(list);
        assertThat(listed).hasSize(2);
        String id = listed.get(0).path("backupId").asText();

        assertThat(cli.run("--backups", backups, "--azure-connection-string", secret, "validate", "--all")
                .exitCode()).isZero();
        CliRun.Result clone = cli.run("--backups", backups, "--azure-connection-string", secret, "clone", id,
                "copy-1");
        assertThat(clone.exitCode()).as(clone.err()).isZero();
        for (CliRun.Result r : new CliRun.Result[] {made, list, clone}) {
            assertThat(r.out() + r.err()).doesNotContain(secret).doesNotContain("AccountKey");
        }
    }

    @Test
    void anEventStoreInAzureBacksUpToALocalFolder() throws IOException {
        String secret = Azurite.connectionString();
        String docs = Azurite.uniqueContainer("docs");
        String store = "azure://?documentContainer=" + docs;
        CliRun cli = new CliRun(dir);
        // The demo writes its sample aggregates into whatever store it is given.
        CliRun.Result demo = cli.run("--store", store, "--azure-connection-string", secret, "--quiet", "demo");
        assertThat(demo.exitCode()).as(demo.err()).isZero();

        CliRun.Result backups = cli.run("--store", store, "--azure-connection-string", secret, "--json",
                "backup-many", "order", "--all");
        assertThat(backups.exitCode()).as(backups.err()).isZero();
        assertThat(CliRun.oneDocument(backups).path("successCount").asLong()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void backupsInTheReferencesFormatGoToItsContainersAndListBack() throws IOException {
        Aggregates.createMany(dir, "order", "o", 2);
        String secret = Azurite.connectionString();
        String backups = "azure-reference://" + Azurite.uniqueContainer("migration") + "?registry="
                + Azurite.uniqueContainer("registry");
        CliRun cli = new CliRun(dir);
        Azurite.client().getBlobContainerClient(backups.substring("azure-reference://".length(), backups.indexOf('?')))
                .create();
        Azurite.client().getBlobContainerClient(backups.substring(backups.indexOf('=') + 1)).create();

        CliRun.Result made = cli.run("--backups", backups, "--azure-connection-string", secret, "--json",
                "backup-many", "order", "--all");
        assertThat(made.exitCode()).as(made.err()).isZero();
        JsonNode listed = CliRun.oneDocument(cli.run("--backups", backups, "--azure-connection-string", secret,
                "--json", "list"));
        assertThat(listed).hasSize(2);
        assertThat(cli.run("--backups", "azure-reference://c/p", "--azure-connection-string", secret, "list")
                .err()).contains("--backups").contains("azure-reference://[CONTAINER][?registry=CONTAINER]");
    }

    @Test
    void withoutAnAccountAzureIsAUsageErrorThatShowsNoSecret() {
        CliRun cli = new CliRun(dir);
        CliRun.Result none = cli.run("--backups", "azure://somewhere", "list");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("AZURE_STORAGE_CONNECTION_STRING");

        String bad = "DefaultEndpointsProtocol=http;AccountName=x;AccountKey=c2VjcmV0LWtleQ==;Nonsense";
        CliRun.Result broken = cli.run("--backups", "azure://somewhere", "--azure-connection-string", bad, "list");
        assertThat(broken.exitCode()).isIn(ExitCodes.USAGE, ExitCodes.FAILURE);
        assertThat(broken.out() + broken.err()).doesNotContain("c2VjcmV0LWtleQ==");
    }
}
