package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.azure.Azurite;
import io.esbackup.azure.ReferenceTables;
import io.esbackup.azure.TableEventStore;
import io.esbackup.azure.TableLayout;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.FileEventStore;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on an event store in the reference's Azure Table layout ({@code azure-table://}, Azurite's
 * table service): backup, validate, clone within the tables, and a restore of a table backup into a local
 * folder in the Blob layout.
 */
@ExtendWith(Azurite.class)
class TableCommandsTest {
    @TempDir
    Path dir;

    @Test
    void aTableStoreBacksUpClonesAndRestoresIntoALocalFolder() throws IOException {
        String prefix = Azurite.uniqueTablePrefix("cli");
        new ReferenceTables(Azurite.tableClient(), TableLayout.defaults().withPrefix(prefix)).write();
        String secret = Azurite.tableConnectionString();
        String store = "azure-table://?tablePrefix=" + prefix;
        String backups = dir.resolve("backups").toString();
        CliRun cli = new CliRun(dir);

        CliRun.Result made = cli.run("--store", store, "--azure-connection-string", secret, "--backups", backups,
                "--json", "backup-many", "order", "--all", "--full");
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(CliRun.oneDocument(made).path("successCount").asLong()).isEqualTo(2);

        CliRun.Result list = cli.run("--backups", backups, "--json", "list", "--object-name", "order", "--object-id",
                ReferenceTables.PLAIN);
        JsonNode listed = CliRun.oneDocument(list);
        assertThat(listed).hasSize(1);
        String id = listed.get(0).path("backupId").asText();
        assertThat(cli.run("--backups", backups, "validate", "--all").exitCode()).isZero();

        CliRun.Result clone = cli.run("--store", store, "--azure-connection-string", secret, "--backups", backups,
                "clone", id, "copy-1");
        assertThat(clone.exitCode()).as(clone.err()).isZero();
        TableEventStore tables = new TableEventStore(Azurite.tableClient(), TableLayout.defaults().withPrefix(prefix));
        ObjectDocument copy = tables.readDocument("order", "copy-1").orElseThrow().document();
        assertThat(copy.active().streamType()).isEqualTo("table");
        assertThat(copy.active().currentStreamVersion()).isEqualTo(4);

        // The same backup restored into a local folder: the reference's Blob layout, its document retyped.
        Path folder = dir.resolve("blob-store");
        CliRun.Result restore = cli.run("--store", folder.toString(), "--backups", backups, "restore", id);
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        ObjectDocument inFolder = new FileEventStore(folder).readDocument("order", ReferenceTables.PLAIN).orElseThrow()
                .document();
        assertThat(inFolder.active().streamType()).isEqualTo("blob");
        assertThat(inFolder.active().extra().get("documentType").textValue()).isEqualTo("blob");

        for (CliRun.Result r : new CliRun.Result[] {made, list, clone, restore}) {
            assertThat(r.out() + r.err()).doesNotContain(secret).doesNotContain("AccountKey");
        }
    }

    @Test
    void aBadTableLocationIsAUsageErrorNamingTheOption() {
        CliRun cli = new CliRun(dir);
        String secret = Azurite.tableConnectionString();
        CliRun.Result prefix = cli.run("--store", "azure-table://?tablePrefix=9-bad", "--azure-connection-string",
                secret, "backup", "order", "x");
        assertThat(prefix.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(prefix.err()).contains("--store").contains("tablePrefix");
        CliRun.Result shape = cli.run("--store", "azure-table://mytables", "--azure-connection-string", secret,
                "backup", "order", "x");
        assertThat(shape.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(shape.err()).contains("azure-table://?tablePrefix=");
        CliRun.Result none = cli.run("--store", "azure-table://", "backup", "order", "x");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("AZURE_STORAGE_CONNECTION_STRING");
    }
}
