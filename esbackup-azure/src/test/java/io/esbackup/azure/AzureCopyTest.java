package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.core.util.BinaryData;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupLocation;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.backup.CopyOptions;
import io.esbackup.backup.CopyReport;
import io.esbackup.backup.ValidationReport;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.error.BackupCorruptedException;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.InMemoryEventStore;
import io.esbackup.testkit.BlobOp;
import io.esbackup.testkit.FaultyBlobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copyTo} between a local folder and Azure Storage (Azurite), both ways: single, incremental and packed
 * backups arrive with their ids and restore event for event; a corrupt archive in Azure is reported and not
 * copied; a copy into Azure cut off midway is finished by the next.
 */
@ExtendWith(Azurite.class)
class AzureCopyTest {
    static final BackupQuery ALL = BackupQuery.builder().build();
    final BlobServiceClient client = Azurite.client();
    final EventStore store = new InMemoryEventStore();

    @TempDir
    Path dir;

    /** Two accounts' orders, one with an incremental chain, and three invoices in a packed run. */
    List<BackupHandle> backUp(BackupRestoreService service) {
        List<BackupHandle> made = new ArrayList<>();
        BackupOptions incremental = BackupOptions.builder().incremental(true).build();
        create("Order", "ord-7f3a", 12);
        create("Order", "ord-b210", 3);
        made.add(service.backupStream("Order", "ord-7f3a", incremental));
        made.add(service.backupStream("Order", "ord-b210"));
        append("Order", "ord-7f3a", 4);
        made.add(service.backupStream("Order", "ord-7f3a", incremental));
        assertThat(made.get(2).parentBackupId()).isEqualTo(made.get(0).backupId().toString());
        List<String> invoices = List.of("inv-001", "inv-002", "inv-003");
        invoices.forEach(id -> create("Invoice", id, 2 + id.charAt(6) - '0'));
        made.addAll(service.backupMany(invoices, "Invoice", BulkBackupOptions.builder().pack(true).maxConcurrency(1)
                .build()).successfulBackups());
        return made;
    }

    void create(String name, String id, int count) {
        StreamInformation info = store.appendEvents(name, StreamInformation.empty(id.replace("-", "")
                + "-0000000000", "blob"), StreamHeader.of(name, id), events(0, count, id));
        store.writeDocument(ObjectDocument.create(name, id, info), null);
    }

    void append(String name, String id, int count) {
        var stored = store.readDocument(name, id).orElseThrow();
        ObjectDocument doc = stored.document();
        StreamInformation s = store.appendEvents(name, doc.active(), StreamHeader.of(name, id),
                events(doc.active().currentStreamVersion() + 1, count, id));
        store.writeDocument(doc.withActive(s), stored.etag());
    }

    static java.util.Iterator<Event> events(int from, int count, String id) {
        return IntStream.range(from, from + count).mapToObj(v -> new Event("LineAdded", v, 1, null, null, Map.of(),
                "{\"sku\":\"" + id + "-" + v + "\",\"amount\":" + (v * 7 + 3) + ".40,\"note\":\"façade n°" + v + "\"}",
                "2024-05-01T08:00:00Z", Map.of())).iterator();
    }

    List<String> payloads(String name, String id) {
        ObjectDocument doc = store.readDocument(name, id).orElseThrow().document();
        List<String> out = new ArrayList<>();
        try (EventCursor c = store.readEvents(name, doc.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(e -> out.add(e.payload().text()));
        }
        return out;
    }

    static Map<UUID, String> listed(BackupRestoreService service) {
        Map<UUID, String> out = new TreeMap<>();
        service.listBackups(ALL).forEach(h -> out.put(h.backupId(), h.sizeBytes() + " " + h.manifest().sha256()));
        return out;
    }

    BackupProvider azure(String container) {
        return new AzureBlobBackupProvider(client, container, "dr");
    }

    void restoresEventForEvent(BackupRestoreService copy, List<BackupHandle> made) {
        for (BackupHandle h : made) {
            String into = "copy-" + h.backupId();
            copy.restoreToNewStream(copy.requireBackup(h.backupId()), into);
            assertThat(payloads(h.objectName(), into)).as(h.backupId().toString())
                    .isEqualTo(payloads(h.objectName(), h.objectId()).subList(0, h.streamVersion() + 1));
        }
        try (Stream<ValidationReport> reports = copy.validateAll()) {
            assertThat(reports.toList()).hasSize(made.size())
                    .allSatisfy(r -> assertThat(r.problems()).as(r.backupId().toString()).isEmpty());
        }
    }

    @Test
    void aLocalFolderCopiesToAzureAndTheCopyRestoresAndASecondCopySkipsAll() {
        BackupRestoreService local = BackupRestoreService.builder(store,
                new BlobBackupProvider(new LocalBlobStore(dir))).build();
        List<BackupHandle> made = backUp(local);
        String container = Azurite.uniqueContainer("dr");

        CopyReport report = local.copyTo(azure(container), ALL, CopyOptions.DEFAULT);

        assertThat(report.failures()).isEmpty();
        assertThat(report.copied()).isEqualTo(made.size());
        BackupRestoreService inAzure = BackupRestoreService.builder(store, azure(container)).build();
        assertThat(listed(inAzure)).isEqualTo(listed(local));
        restoresEventForEvent(inAzure, made);
        CopyReport again = local.copyTo(azure(container), ALL, CopyOptions.DEFAULT);
        assertThat(again.skipped()).isEqualTo(made.size());
        assertThat(again.copied()).isZero();
    }

    @Test
    void azureCopiesToALocalFolderAndACorruptArchiveInAzureIsReportedAndNotCopied() {
        String container = Azurite.uniqueContainer("src");
        BackupRestoreService inAzure = BackupRestoreService.builder(store, azure(container)).build();
        List<BackupHandle> made = backUp(inAzure);
        BackupHandle bad = made.get(1);
        var blob = client.getBlobContainerClient(container)
                .getBlobClient("dr/" + BlobBackupProvider.archiveKey(BackupLocation.of(bad.manifest())));
        byte[] bytes = blob.downloadContent().toBytes();
        bytes[bytes.length / 2] ^= 0x20;
        blob.upload(BinaryData.fromBytes(bytes), true);

        CopyReport report = inAzure.copyTo(new BlobBackupProvider(new LocalBlobStore(dir)), ALL,
                CopyOptions.DEFAULT);

        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.backupId()).isEqualTo(bad.backupId());
            assertThat(f.exception()).isInstanceOf(BackupCorruptedException.class).hasMessageContaining("SHA-256");
        });
        BackupRestoreService local = BackupRestoreService.builder(store,
                new BlobBackupProvider(new LocalBlobStore(dir))).build();
        List<BackupHandle> good = made.stream().filter(h -> !h.backupId().equals(bad.backupId())).toList();
        assertThat(listed(local).keySet()).containsExactlyInAnyOrderElementsOf(
                good.stream().map(BackupHandle::backupId).toList());
        restoresEventForEvent(local, good);
    }

    @Test
    void aCopyIntoAzureCutOffMidwayIsFinishedByTheNext() {
        BackupRestoreService local = BackupRestoreService.builder(store,
                new BlobBackupProvider(new LocalBlobStore(dir))).build();
        List<BackupHandle> made = backUp(local);
        String container = Azurite.uniqueContainer("cut");
        FaultyBlobStore dying = new FaultyBlobStore(AzureBlobStore.forContainer(
                client.createBlobContainerIfNotExists(container), "dr"));
        // Every write from the eighth on fails, as if the process were gone: mid-way through the third backup.
        dying.failOnCall(BlobOp.WRITE, IntStream.range(8, 1000).toArray());
        dying.failOnCall(BlobOp.DELETE, IntStream.range(1, 1000).toArray());

        CopyReport cut = local.copyTo(new BlobBackupProvider(dying), ALL,
                CopyOptions.builder().maxConcurrency(1).build());
        assertThat(cut.failed()).isPositive();
        assertThat(cut.failures()).allSatisfy(f -> assertThat(dying.injected(f.exception())).as(f.toString())
                .isTrue());

        CopyReport rerun = local.copyTo(azure(container), ALL, CopyOptions.DEFAULT);

        assertThat(rerun.failures()).isEmpty();
        assertThat(rerun.copied() + rerun.skipped()).isEqualTo(made.size());
        BackupRestoreService inAzure = BackupRestoreService.builder(store, azure(container)).build();
        assertThat(listed(inAzure)).isEqualTo(listed(local));
        restoresEventForEvent(inAzure, made);
    }
}
