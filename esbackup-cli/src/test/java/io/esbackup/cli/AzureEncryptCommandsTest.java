package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import io.esbackup.azure.Azurite;
import io.esbackup.crypto.Keysets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Encrypted backups in Azure Storage (Azurite): the round trip, no plaintext in the container, shred. */
@ExtendWith(Azurite.class)
class AzureEncryptCommandsTest {
    @TempDir
    Path dir;

    @Test
    void anEncryptedBackupInAzureRestoresAndIsShredded() throws IOException {
        Aggregates.create(dir, "order", "A-1", 6);
        Aggregates.create(dir, "order", "B-1", 6);
        String secret = Azurite.connectionString();
        String container = Azurite.uniqueContainer("encrypted");
        String backups = "azure://" + container;
        Path keyset = dir.resolve("keyset.json");
        Files.writeString(keyset, Keysets.newKeysetJson());
        CliRun cli = new CliRun(dir);
        String[] common = {"--backups", backups, "--azure-connection-string", secret, "--keyset", keyset.toString()};

        CliRun.Result a = cli.run(args(common, "--json", "backup", "order", "A-1", "--encrypt"));
        assertThat(a.exitCode()).as(a.err()).isZero();
        CliRun.Result b = cli.run(args(common, "--json", "backup", "order", "B-1", "--encrypt"));
        assertThat(b.exitCode()).as(b.err()).isZero();
        String idA = CliRun.oneDocument(a).path("backupId").asText();
        String idB = CliRun.oneDocument(b).path("backupId").asText();

        BlobContainerClient blobs = Azurite.client().getBlobContainerClient(container);
        StringBuilder stored = new StringBuilder();
        for (BlobItem item : blobs.listBlobs()) {
            stored.append(new String(blobs.getBlobClient(item.getName()).downloadContent().toBytes(),
                    StandardCharsets.ISO_8859_1));
        }
        assertThat(stored.toString()).doesNotContain("ItemAdded").contains("esbackup-data-key");
        assertThat(blobs.getBlobClient("keys/order/A-1.key").exists()).isTrue();

        assertThat(cli.run(args(common, "validate", "--all")).exitCode()).isZero();
        CliRun.Result clone = cli.run(args(common, "clone", idA, "A-2"));
        assertThat(clone.exitCode()).as(clone.err()).isZero();

        CliRun.Result shred = cli.run(args(common, "shred", "order", "A-1", "--yes"));
        assertThat(shred.exitCode()).as(shred.err()).isZero();
        assertThat(blobs.getBlobClient("keys/order/A-1.key").exists()).isFalse();
        CliRun.Result shredded = cli.run(args(common, "clone", idA, "A-3"));
        assertThat(shredded.exitCode()).isEqualTo(ExitCodes.INVALID_BACKUP);
        assertThat(shredded.err()).contains("shredded");
        CliRun.Result other = cli.run(args(common, "clone", idB, "B-2"));
        assertThat(other.exitCode()).as(other.err()).isZero();
    }

    private static String[] args(String[] common, String... rest) {
        String[] all = new String[common.length + rest.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(rest, 0, all, common.length, rest.length);
        return all;
    }
}
