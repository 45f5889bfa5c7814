package io.esbackup.bench;

import static io.esbackup.bench.Measurement.Kind.BASELINE;
import static io.esbackup.bench.Measurement.Kind.ESBACKUP;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.ListTablesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableItem;
import io.esbackup.azure.AzureClients;
import io.esbackup.azure.TableLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * N streams (2,000 by default) of the many-streams store restored from local backups into Azure Table storage
 * in the reference's Table layout, then backed up from there, each against the raw Table SDK doing the least
 * the same result needs: inserting rows of the same number and payload sizes in transactions of 100 per
 * stream, and reading every stream's rows with one query each. The account is the azure scenario's, and its
 * connection string must name a {@code TableEndpoint} where it names endpoints at all (bench/azurite.sh gives
 * both). The run's tables carry a prefix of their own and are deleted after it.
 */
final class TableScenario implements Scenario {
    static final String NAME = "table";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(Workspace w, BenchOptions options, Results r) {
        String account = options.azureConnectionString();
        if (account == null || account.contains("BlobEndpoint=") && !account.contains("TableEndpoint=")) {
            String why = account == null ? "no Azure account" : "the connection string names no TableEndpoint";
            r.add(Measurement.skipped(NAME, "bulk restore into Table storage", ESBACKUP, "skipped: " + why));
            r.note(NAME, "skipped: " + why + "; bench/azurite.sh starts Azurite's blob and table services and"
                    + " prints a connection string with both");
            return;
        }
        int streams = options.azureStreams();
        Path store = w.manyStore(streams);
        String prefix = "esbench" + UUID.randomUUID().toString().substring(0, 8).replace("-", "") + "x";
        Map<String, String> env = Map.of(ProbeOperations.AZURE_VARIABLE, account);
        String threads = String.valueOf(BenchOptions.CONCURRENCY);
        TableServiceClient client = AzureClients.tablesFromConnectionString(account);
        TableLayout layout = TableLayout.defaults().withPrefix(prefix);
        try {
            Path backups = w.folder("table-backups");
            w.log("%s: local backups of %,d streams to restore from ...", NAME, streams);
            w.jvm().run("backup-all", Map.of("store", store.toString(), "backups", backups.toString(),
                    "concurrency", threads), env);

            w.log("%s: esbackup bulk restore of %,d streams into tables ...", NAME, streams);
            ProbeResult restore = w.jvm().run("table-restore-all", Map.of("backups", backups.toString(), "prefix",
                    prefix, "concurrency", threads), env);
            Map<String, long[]> rows = rowsByStream(client, layout);
            long rowCount = rows.values().stream().mapToLong(x -> x[0]).sum();
            long chars = rows.values().stream().mapToLong(x -> x[1]).sum();
            Measurement restored = r.add(restore.measurement(NAME, "bulk restore into Table storage", ESBACKUP,
                    chars, "streams", "restoreManyById into TableEventStore, " + threads + " at a time; "
                            + rowCount + " event rows written; MB/s of payload characters"));

            Path rowsFile = w.file("table-rows.txt");
            Files.write(rowsFile, rows.values().stream().map(x -> x[0] + " " + x[1]).toList());
            w.log("%s: raw SDK insert of %,d rows ...", NAME, rowCount);
            ProbeResult insert = w.jvm().run("table-insert", Map.of("rows", rowsFile.toString(), "table",
                    prefix + "raw", "concurrency", threads), env);
            Measurement inserted = r.add(insert.measurement(NAME, "raw SDK insert", BASELINE, insert.outputBytes(),
                    "streams", "the same rows (number and payload sizes per stream) in transactions of 100, one"
                            + " partition per stream, " + threads + " at a time; no document, no journal"));
            r.compare(Comparison.ofTimes(restored, inserted, null));

            w.log("%s: esbackup bulk backup of %,d streams from tables ...", NAME, streams);
            ProbeResult backup = w.jvm().run("table-backup-all", Map.of("backups",
                    w.folder("table-backups-again").toString(), "prefix", prefix, "concurrency", threads), env);
            Measurement backedUp = r.add(backup.measurement(NAME, "bulk backup from Table storage", ESBACKUP,
                    chars, "streams", "backupAll from TableEventStore to a local folder, " + threads
                            + " at a time; MB/s of payload characters"));
            w.log("%s: raw SDK read of every stream ...", NAME);
            ProbeResult read = w.jvm().run("table-read-all", Map.of("prefix", prefix, "concurrency", threads), env);
            Measurement raw = r.add(read.measurement(NAME, "raw SDK read", BASELINE, read.outputBytes(), "streams",
                    "the documents, then one query per stream for its rows, " + threads + " at a time"));
            r.compare(Comparison.ofTimes(backedUp, raw, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (TableItem t : client.listTables(new ListTablesOptions().setFilter("TableName ge '" + prefix
                    + "' and TableName lt '" + prefix + "~'"), null, null)) {
                client.deleteTable(t.getName());
            }
        }
    }

    /** Per stream (partition): its rows and the characters of their payloads. */
    private static Map<String, long[]> rowsByStream(TableServiceClient client, TableLayout layout) {
        Map<String, long[]> rows = new TreeMap<>();
        for (TableEntity e : client.getTableClient(layout.events()).listEntities(new ListEntitiesOptions()
                .setSelect(List.of("PartitionKey", "Payload")), null, null)) {
            long[] c = rows.computeIfAbsent(e.getPartitionKey(), k -> new long[2]);
            c[0]++;
            c[1] += String.valueOf(e.getProperty("Payload")).length();
        }
        return rows;
    }
}
