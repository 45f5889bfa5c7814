package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.RepairReport;
import io.esbackup.backup.ValidationReport;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.InMemoryEventStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #19 on Azurite: the {@code backups/} blobs of a container, copied into another container with the SDK alone
 * (no {@code backup-index/}), are listed, restored and validated (with a warning) there, and {@code repair} recreates
 * the original's pointers byte for byte.
 */
@ExtendWith(Azurite.class)
class AzurePointerlessCopyTest {
    static final String PREFIX = "team/a";
    final BlobServiceClient client = Azurite.client();
    final Clock clock = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void aCopyOfTheBackupsBlobsAloneIsRestoredValidatedAndRepairedToTheOriginalsPointers() {
        String namespace = Azurite.uniqueContainer("copysrc") + "-";
        ReferenceStore.upload(client, namespace);
        EventStore source = new BlobEventStore(new ContainerPrefixing(AzureBlobStore.forAccount(client), namespace));
        String original = Azurite.uniqueContainer("original");
        BackupRestoreService backups = BackupRestoreService.builder(source,
                new AzureBlobBackupProvider(client, original, PREFIX)).clock(clock).build();
        List<BackupHandle> made = new ArrayList<>();
        for (String[] a : ReferenceStore.AGGREGATES) {
            made.add(backups.backupStream(a[0], a[1], made.isEmpty() ? BackupOptions.builder().location("archive")
                    .build() : BackupOptions.FULL));
        }
        String copy = Azurite.uniqueContainer("copy");
        int copied = copyBlobs(client.getBlobContainerClient(original), client.getBlobContainerClient(copy),
                PREFIX + "/backups/");
        assertThat(copied).isEqualTo(2 * made.size());
        assertThat(blobs(copy, PREFIX + "/backup-index/")).isEmpty();

        InMemoryEventStore target = new InMemoryEventStore();
        BackupRestoreService fromCopy = BackupRestoreService.builder(target,
                new AzureBlobBackupProvider(client, copy, PREFIX)).clock(clock).build();
        assertThat(fromCopy.listBackups(BackupQuery.builder().includeExpired(true).build()))
                .extracting(BackupHandle::manifest)
                .containsExactlyInAnyOrderElementsOf(made.stream().map(BackupHandle::manifest).toList());
        for (BackupHandle h : made) {
            fromCopy.restoreStream(fromCopy.requireBackup(h.backupId()));
            assertThat(events(target, h)).isEqualTo(events(source, h)).isNotEmpty();
        }
        try (Stream<ValidationReport> reports = fromCopy.validateAll()) {
            assertThat(reports.toList()).hasSize(made.size()).allSatisfy(r -> {
                assertThat(r.valid()).as(r.problems().toString()).isTrue();
                assertThat(r.warnings()).singleElement().asString().contains("id pointer is missing");
            });
        }

        assertThat(fromCopy.repair(true).recreated()).isEqualTo(made.size());
        assertThat(blobs(copy, PREFIX + "/backup-index/")).isEmpty();
        RepairReport repaired = fromCopy.repair(false);
        assertThat(repaired.recreated()).isEqualTo(made.size());
        assertThat(repaired.complete()).isTrue();
        Map<String, byte[]> pointers = blobs(copy, PREFIX + "/backup-index/");
        Map<String, byte[]> originals = blobs(original, PREFIX + "/backup-index/");
        assertThat(pointers.keySet()).hasSize(made.size()).containsExactlyElementsOf(originals.keySet());
        originals.forEach((name, bytes) -> assertThat(pointers.get(name)).as(name).isEqualTo(bytes));
        assertThat(fromCopy.repair(false).alreadyRight()).isEqualTo(made.size());
        assertThat(fromCopy.validateBackup(made.get(0).backupId()).warnings()).isEmpty();
    }

    @Test
    void aBackupOfTheCopyIsDeletedWithoutItsPointerAndNothingOfItIsLeft() {
        String namespace = Azurite.uniqueContainer("delsrc") + "-";
        ReferenceStore.upload(client, namespace);
        EventStore source = new BlobEventStore(new ContainerPrefixing(AzureBlobStore.forAccount(client), namespace));
        String original = Azurite.uniqueContainer("original");
        String[] order = ReferenceStore.AGGREGATES.get(0);
        BackupHandle h = BackupRestoreService.builder(source, new AzureBlobBackupProvider(client, original, PREFIX))
                .clock(clock).build().backupStream(order[0], order[1], BackupOptions.FULL);
        String copy = Azurite.uniqueContainer("copy");
        copyBlobs(client.getBlobContainerClient(original), client.getBlobContainerClient(copy), PREFIX + "/backups/");
        BackupRestoreService fromCopy = BackupRestoreService.builder(source,
                new AzureBlobBackupProvider(client, copy, PREFIX)).clock(clock).build();

        assertThat(fromCopy.deleteBackup(h.backupId())).isTrue();

        assertThat(blobs(copy, "")).isEmpty();
        assertThat(fromCopy.getBackup(h.backupId())).isEmpty();
        assertThat(fromCopy.deleteBackup(h.backupId())).isFalse();
    }

    /** Copies every blob under {@code prefix} with the SDK alone, as a person's script would; returns how many. */
    private static int copyBlobs(BlobContainerClient from, BlobContainerClient to, String prefix) {
        to.createIfNotExists();
        int n = 0;
        for (BlobItem item : from.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
            byte[] bytes = from.getBlobClient(item.getName()).downloadContent().toBytes();
            to.getBlobClient(item.getName()).upload(com.azure.core.util.BinaryData.fromBytes(bytes));
            n++;
        }
        return n;
    }

    private Map<String, byte[]> blobs(String container, String prefix) {
        BlobContainerClient c = client.getBlobContainerClient(container);
        Map<String, byte[]> out = new TreeMap<>();
        for (BlobItem item : c.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
            out.put(item.getName().substring(prefix.length()), c.getBlobClient(item.getName()).downloadContent()
                    .toBytes());
        }
        return out;
    }

    private static List<Event> events(EventStore store, BackupHandle h) {
        ObjectDocument doc = store.readDocument(h.objectName(), h.objectId()).orElseThrow().document();
        List<Event> out = new ArrayList<>();
        try (EventCursor c = store.readEvents(h.objectName(), doc.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(out::add);
        }
        return out;
    }
}
