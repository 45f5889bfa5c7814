package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.backup.ReferenceBackupProvider;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.json.Json;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.ReferenceBackupFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference library's backups in Azure containers (Azurite): read as it wrote them (uploaded with the SDK
 * alone), and written by concurrent backups whose registry entries, changed on the registry blob's ETag, are
 * all kept.
 */
@ExtendWith(Azurite.class)
class AzureReferenceBackupTest {
    @TempDir
    Path dir;

    @Test
    void theReferencesBackupsInAzureAreReadAndConcurrentBackupsLoseNoRegistryEntry() throws Exception {
        BlobContainerClient backups = Azurite.client().getBlobContainerClient(Azurite.uniqueContainer("migration"));
        BlobContainerClient registry = Azurite.client().getBlobContainerClient(Azurite.uniqueContainer("registry"));
        backups.create();
        registry.create();
        ReferenceBackupFiles.write(dir);
        try (Stream<Path> files = Files.walk(dir.resolve("migration-backups"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                backups.getBlobClient(dir.resolve("migration-backups").relativize(f).toString().replace('\\', '/'))
                        .upload(BinaryData.fromFile(f));
            }
        }
        registry.getBlobClient("backup-registry.json").upload(BinaryData.fromFile(dir.resolve(
                "backup-registry/backup-registry.json")));

        InMemoryEventStore store = new InMemoryEventStore();
        BackupRestoreService service = new BackupRestoreService(store, new ReferenceBackupProvider(
                AzureBlobStore.forContainer(backups, ""), AzureBlobStore.forContainer(registry, "")));
        BackupHandle gz = service.requireBackup(UUID.fromString(ReferenceBackupFiles.GZIPPED));
        assertThat(gz.manifest().description()).isEqualTo("before the migration");
        assertThat(service.validateBackup(gz).valid()).isTrue();

        int aggregates = 16;
        for (int i = 0; i < aggregates; i++) {
            StreamInformation s = store.appendEvents("order", StreamInformation.empty("a" + i + "-0000000000", "blob"),
                    StreamHeader.of("order", "a-" + i),
                    List.of(Event.of("Order.Created", 0, "{\"amount\":" + i + ".50}", null)).iterator());
            store.writeDocument(ObjectDocument.create("order", "a-" + i, s), null);
        }
        var result = service.backupMany(IntStream.range(0, aggregates).mapToObj(i -> "a-" + i).toList(), "order",
                BulkBackupOptions.builder().maxConcurrency(8).build());
        assertThat(result.successCount()).isEqualTo(aggregates);
        var entries = Json.tree(registry.getBlobClient("backup-registry.json").downloadContent().toBytes())
                .path("entries");
        assertThat(entries.size()).as("every backup's entry, and the reference's one").isEqualTo(aggregates + 1);
        assertThat(backups.listBlobs().stream().filter(b -> b.getName().startsWith("backups/a-")).count())
                .isEqualTo(aggregates);
    }
}
