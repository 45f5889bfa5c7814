package io.esbackup.bench;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import io.esbackup.azure.AzureClients;
import io.esbackup.azure.TableEventStore;
import io.esbackup.azure.TableLayout;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.blob.LocalBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The table scenario's operations, by name: esbackup's bulk restore into and bulk backup from a
 * {@link TableEventStore}, and their baselines with the raw Table SDK: inserting rows of the same number and
 * sizes in transactions of 100, and reading every stream's rows with one query per stream.
 */
final class TableOperations {
    static final List<String> NAMES = List.of("table-restore-all", "table-backup-all", "table-insert",
            "table-read-all");

    private TableOperations() {}

    static ProbeOperations.Work run(String name, Map<String, String> o) throws IOException {
        return switch (name) {
            // The tables behind {@code prefix}, from and to the local backups in {@code backups}.
            case "table-restore-all" -> ProbeOperations.restoreAll(service(o), o);
            case "table-backup-all" -> ProbeOperations.backupAll(service(o), o);
            case "table-insert" -> insert(o);
            case "table-read-all" -> readAll(o);
            default -> throw new IllegalArgumentException("unknown table operation " + name);
        };
    }

    /**
     * One partition per line of the {@code rows} file ({@code count chars}: that many rows whose payloads
     * total that many characters), rows of the reference's columns inserted in transactions of 100.
     */
    private static ProbeOperations.Work insert(Map<String, String> o) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(o.get("rows")));
        TableServiceClient service = client();
        TableClient table = service.createTableIfNotExists(o.get("table"));
        AtomicLong bytes = new AtomicLong();
        ProbeOperations.parallel(lines.size(), concurrency(o), i -> {
            String[] f = lines.get(i).split(" ");
            int count = Integer.parseInt(f[0]);
            int chars = Integer.parseInt(f[1]);
            String partition = "stream-" + i;
            List<TableTransactionAction> batch = new ArrayList<>();
            for (int v = 0; v < count; v++) {
                int size = chars / count + (v < chars % count ? 1 : 0);
                TableEntity e = new TableEntity(partition, String.format("%020d", v))
                        .addProperty("ObjectId", "object-" + i).addProperty("StreamIdentifier", partition)
                        .addProperty("EventVersion", v).addProperty("EventType", "Order.LineAdded")
                        .addProperty("SchemaVersion", 1).addProperty("Payload", "x".repeat(size))
                        .addProperty("ActionMetadata", "{}").addProperty("LastObjectDocumentHash", "*");
                batch.add(new TableTransactionAction(TableTransactionActionType.CREATE, e));
                bytes.addAndGet(size);
                if (batch.size() == 100 || v == count - 1) {
                    table.submitTransaction(List.copyOf(batch));
                    batch.clear();
                }
            }
        });
        return new ProbeOperations.Work(lines.size(), bytes.get(), "");
    }

    /** The documents of the object name, then each stream's rows with one query, as a backup must read them. */
    private static ProbeOperations.Work readAll(Map<String, String> o) {
        TableLayout layout = layout(o);
        TableServiceClient service = client();
        List<TableEntity> documents = new ArrayList<>();
        service.getTableClient(layout.documents()).listEntities(new ListEntitiesOptions()
                .setFilter("PartitionKey eq '" + StoreFixtures.OBJECT_NAME.toLowerCase() + "'"), null, null)
                .forEach(documents::add);
        TableClient events = service.getTableClient(layout.events());
        AtomicLong bytes = new AtomicLong();
        ProbeOperations.parallel(documents.size(), concurrency(o), i -> {
            String sid = (String) documents.get(i).getProperty("ActiveStreamIdentifier");
            events.listEntities(new ListEntitiesOptions().setFilter("PartitionKey eq '" + sid + "'"), null, null)
                    .forEach(e -> bytes.addAndGet(String.valueOf(e.getProperty("Payload")).length()));
        });
        return new ProbeOperations.Work(documents.size(), bytes.get(), "");
    }

    private static BackupRestoreService service(Map<String, String> o) {
        return BackupRestoreService.builder(new TableEventStore(client(), layout(o)),
                new BlobBackupProvider(new LocalBlobStore(Path.of(o.get("backups"))))).build();
    }

    private static TableLayout layout(Map<String, String> o) {
        return TableLayout.defaults().withPrefix(o.get("prefix"));
    }

    private static TableServiceClient client() {
        return AzureClients.tablesFromConnectionString(ProbeOperations.connectionString());
    }

    private static int concurrency(Map<String, String> o) {
        return Integer.parseInt(o.getOrDefault("concurrency", "4"));
    }
}
