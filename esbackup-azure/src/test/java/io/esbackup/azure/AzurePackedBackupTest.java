package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpMethod;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BulkBackupOptions;
import io.esbackup.backup.BulkBackupResult;
import io.esbackup.backup.CleanupReport;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.Event;
import io.esbackup.store.EventStore;
import io.esbackup.store.InMemoryEventStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A packed run to Azure: a handful of write requests for hundreds of aggregates, each backup still its own. */
@ExtendWith(Azurite.class)
class AzurePackedBackupTest {
    private static final int AGGREGATES = 400;

    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger ranges = new AtomicInteger();
    private final BlobServiceClient client = new BlobServiceClientBuilder()
            .connectionString(Azurite.connectionString())
            .addPolicy((context, next) -> {
                HttpMethod method = context.getHttpRequest().getHttpMethod();
                if (method == HttpMethod.PUT) {
                    writes.incrementAndGet();
                }
                if (method == HttpMethod.GET && context.getHttpRequest().getHeaders().getValue("x-ms-range") != null) {
                    ranges.incrementAndGet();
                }
                return next.process();
            })
            .buildClient();

    private static EventStore store() {
        EventStore store = new InMemoryEventStore();
        for (int i = 0; i < AGGREGATES; i++) {
            String id = "acct-" + Integer.toString(i * 104_729, 36);
            int base = i;
            List<Event> events = IntStream.range(0, 3 + i % 17).mapToObj(v -> new Event("Deposited", v, 1, null,
                    null, Map.of(), "{\"amount\":" + (v * 13 + base) + ".25,\"memo\":\"paiement n°" + v + "\"}",
                    "2024-05-01T08:00:00Z", Map.of())).toList();
            StreamInformation info = store.appendEvents("Account", StreamInformation.empty(id.replace("-", "")
                    + "-0000000000", "blob"), StreamHeader.of("Account", id), events.iterator());
            store.writeDocument(ObjectDocument.create("Account", id, info), null);
        }
        return store;
    }

    @Test
    void aPackedRunOfHundredsOfAggregatesTakesAtMostOneWriteRequestPerFiftyAndEachBackupIsFoundByRangeReads() {
        EventStore store = store();
        String container = Azurite.uniqueContainer("packed");
        client.createBlobContainer(container);
        BackupRestoreService service = BackupRestoreService.builder(store,
                new AzureBlobBackupProvider(client, container)).build();
        writes.set(0);

        BulkBackupResult result = service.backupAll("Account", BulkBackupOptions.builder().pack(true)
                .maxConcurrency(2).build());

        assertThat(result.successCount()).isEqualTo(AGGREGATES);
        assertThat(writes.get()).as("write requests for %d aggregates", AGGREGATES)
                .isLessThanOrEqualTo(AGGREGATES / 50);
        assertThat(service.listBackups()).hasSize(AGGREGATES);

        BackupHandle one = result.successfulBackups().get(212);
        ranges.set(0);
        InMemoryEventStore target = new InMemoryEventStore();
        BackupRestoreService.builder(target, service.provider()).build()
                .restoreStream(service.requireBackup(one.backupId()));
        assertThat(ranges.get()).as("range reads to find and restore one backup").isPositive();
        assertThat(target.readDocument("Account", one.objectId())).isPresent();
        assertThat(service.validateBackup(one.backupId()).valid()).isTrue();

        result.successfulBackups().forEach(h -> service.deleteBackup(h.backupId()));
        CleanupReport cleanup = service.cleanupExpiredBackups();
        assertThat(cleanup.packs().packsReclaimed()).isBetween(1, 2);
        assertThat(client.getBlobContainerClient(container).listBlobs()).isEmpty();
    }
}
