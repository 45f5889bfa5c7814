package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobServiceClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.RestoreResult;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.ConflictException;
import io.esbackup.model.json.Json;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventStore;
import io.esbackup.store.StoredDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Backups of the reference library's Azure store, kept in Azure, compared with the local folder's. */
@ExtendWith(Azurite.class)
class AzureBackupTest {
    final BlobServiceClient client = Azurite.client();
    final Clock clock = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aStoreLaidOutByTheReferenceInAzureBacksUpAndRestoresWithEveryFieldKept() throws IOException {
        // The reference's own container names, written with the SDK alone; no other test uses them.
        ReferenceStore.upload(client, "");
        EventStore source = AzureEventStores.of(client);
        AzureBlobBackupProvider provider = new AzureBlobBackupProvider(client, Azurite.uniqueContainer("backups"));
        String target = Azurite.uniqueContainer("restored") + "-";
        EventStore into = new BlobEventStore(new ContainerPrefixing(AzureBlobStore.forAccount(client), target));
        BackupRestoreService backups = BackupRestoreService.builder(source, provider).clock(clock).build();
        BackupRestoreService restores = BackupRestoreService.builder(into, provider).clock(clock).build();

        for (String[] a : ReferenceStore.AGGREGATES) {
            BackupHandle handle = backups.backupStream(a[0], a[1], BackupOptions.FULL);
            RestoreResult result = restores.restoreStream(backups.requireBackup(handle.backupId()));
            assertThat(result.streamIdentifier())
                    .isEqualTo(source.readDocument(a[0], a[1]).orElseThrow().document().active().streamIdentifier());
        }

        // Every file the reference wrote is back, with the same JSON tree (exact numbers), and nothing else.
        BlobStore account = AzureBlobStore.forAccount(client);
        Map<String, JsonNode> restored = new TreeMap<>();
        try (Stream<BlobInfo> listed = account.list(target)) {
            listed.forEach(b -> restored.put(b.key().substring(target.length()), tree(account.readAllBytes(b.key())
                    .orElseThrow())));
        }
        Map<String, JsonNode> expected = new TreeMap<>();
        ReferenceStore.files().forEach(f -> expected.put(f, tree(ReferenceStore.read(f))));
        assertThat(restored.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((file, json) -> assertThat(restored.get(file)).as(file).isEqualTo(json));
    }

    @Test
    void aBackupInAzureIsByteIdenticalToOneInTheLocalFolder() {
        String namespace = Azurite.uniqueContainer("src") + "-";
        ReferenceStore.upload(client, namespace);
        EventStore source = new BlobEventStore(new ContainerPrefixing(AzureBlobStore.forAccount(client), namespace));
        LocalBlobStore local = new LocalBlobStore(dir.resolve("backups"));
        String container = Azurite.uniqueContainer("backups");
        AzureBlobStore azure = AzureBlobStore.forContainer(client.getBlobContainerClient(container), "");

        backUpEverything(source, new BlobBackupProvider(local));
        backUpEverything(source, new AzureBlobBackupProvider(client, container));

        Map<String, byte[]> localBlobs = contents(local);
        Map<String, byte[]> azureBlobs = contents(azure);
        assertThat(localBlobs.keySet()).anyMatch(k -> k.startsWith("backups/Order/") && k.endsWith(".json"))
                .anyMatch(k -> k.endsWith(".meta"));
        assertThat(azureBlobs.keySet()).containsExactlyElementsOf(localBlobs.keySet());
        localBlobs.forEach((key, bytes) -> assertThat(azureBlobs.get(key)).as(key).isEqualTo(bytes));
    }

    @Test
    void backupsUnderAPrefixStayUnderItAndAreFoundById() {
        String namespace = Azurite.uniqueContainer("pfx") + "-";
        ReferenceStore.upload(client, namespace);
        EventStore source = new BlobEventStore(new ContainerPrefixing(AzureBlobStore.forAccount(client), namespace));
        String container = Azurite.uniqueContainer("backups");
        AzureBlobBackupProvider provider = new AzureBlobBackupProvider(client, container, "team/a");
        String[] order = ReferenceStore.AGGREGATES.get(0);

        BackupHandle handle = BackupRestoreService.builder(source, provider).clock(clock).build()
                .backupStream(order[0], order[1], BackupOptions.FULL);

        assertThat(client.getBlobContainerClient(container).listBlobs().stream().map(b -> b.getName()))
                .isNotEmpty().allMatch(name -> name.startsWith("team/a/"))
                .contains("team/a/backups/" + order[0] + "/" + order[1] + "/" + handle.backupId() + ".json");
        BackupRestoreService other = BackupRestoreService.builder(source,
                new AzureBlobBackupProvider(client, container, "team/a")).clock(clock).build();
        assertThat(other.getBackup(handle.backupId())).isPresent();
        assertThatThrownBy(() -> new AzureBlobBackupProvider(client, "Backups"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("container name");
    }

    @Test
    void aConcurrentWriterBetweenReadAndSwapIsDetected() {
        String namespace = Azurite.uniqueContainer("race") + "-";
        ReferenceStore.upload(client, namespace);
        EventStore store = new BlobEventStore(new ContainerPrefixing(AzureBlobStore.forAccount(client), namespace));
        String[] order = ReferenceStore.AGGREGATES.get(0);

        StoredDocument read = store.readDocument(order[0], order[1]).orElseThrow();
        String theirs = store.writeDocument(read.document(), read.etag());  // the concurrent writer wins
        assertThat(theirs).isNotEqualTo(read.etag());

        assertThatThrownBy(() -> store.writeDocument(read.document(), read.etag()))
                .isInstanceOf(ConflictException.class);
        assertThat(store.readDocument(order[0], order[1]).orElseThrow().etag()).isEqualTo(theirs);
    }

    private void backUpEverything(EventStore source, BackupProvider provider) {
        AtomicLong next = new AtomicLong();
        Supplier<UUID> ids = () -> new UUID(0x1234L, next.incrementAndGet());
        BackupRestoreService service = BackupRestoreService.builder(source, provider).clock(clock).ids(ids).build();
        for (String[] a : ReferenceStore.AGGREGATES) {
            service.backupStream(a[0], a[1], BackupOptions.FULL);
        }
    }

    private static Map<String, byte[]> contents(BlobStore store) {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<BlobInfo> listed = store.list("")) {
            listed.forEach(b -> out.put(b.key(), store.readAllBytes(b.key()).orElseThrow()));
        }
        return out;
    }

    private static JsonNode tree(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
