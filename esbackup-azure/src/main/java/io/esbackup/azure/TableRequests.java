package io.esbackup.azure;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests a {@link TableEventStore} makes, with its two rules: reading never creates a table (a missing
 * one reads as empty), and the first write of a store to a table creates it.
 */
final class TableRequests {
    /** The most operations one transaction may hold. */
    static final int BATCH_ROWS = 100;

    private final TableServiceClient service;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    TableRequests(TableServiceClient service) {
        this.service = service;
    }

    String accountName() {
        return service.getAccountName();
    }

    TableClient table(String name) {
        return service.getTableClient(name);
    }

    /** The table, created on this store's first write to it. */
    TableClient writable(String name) {
        if (!ensured.contains(name)) {
            try {
                service.createTableIfNotExists(name);
            } catch (RuntimeException e) {
                throw TableErrors.translate("creating table " + name, e);
            }
            ensured.add(name);
        }
        return table(name);
    }

    /** One row, or empty when it or its table does not exist. */
    Optional<TableEntity> get(String tableName, String partition, String row, String what) {
        try {
            return Optional.of(table(tableName).getEntityWithResponse(partition, row, null, null, null).getValue());
        } catch (RuntimeException e) {
            if (TableErrors.status(e) == 404) {
                return Optional.empty();
            }
            throw TableErrors.translate(what, e);
        }
    }

    List<TableEntity> partition(String tableName, String partition) {
        return query(tableName, TableKeys.partitionIs(partition));
    }

    /** Every row matching {@code filter}, for the small sets read whole (side rows, a stream to delete). */
    List<TableEntity> query(String tableName, String filter) {
        try {
            List<TableEntity> rows = new ArrayList<>();
            table(tableName).listEntities(new ListEntitiesOptions().setFilter(filter), null, null).forEach(rows::add);
            return rows;
        } catch (RuntimeException e) {
            if (TableErrors.status(e) == 404) {
                return List.of();
            }
            throw TableErrors.translate("querying table " + tableName, e);
        }
    }

    /** Whether any row matches {@code filter}: one row asked for, never a scan of the rest. */
    boolean any(String tableName, String filter) {
        try {
            return table(tableName).listEntities(new ListEntitiesOptions().setFilter(filter).setTop(1)
                    .setSelect(List.of("RowKey")), null, null).iterator().hasNext();
        } catch (RuntimeException e) {
            if (TableErrors.status(e) == 404) {
                return false;
            }
            throw TableErrors.translate("querying table " + tableName, e);
        }
    }

    /** {@code actions} in transactions of at most {@value #BATCH_ROWS}, each within one partition. */
    static void submitAll(TableClient table, List<TableTransactionAction> actions, String what) {
        Map<String, List<TableTransactionAction>> byPartition = new LinkedHashMap<>();
        for (TableTransactionAction a : actions) {
            byPartition.computeIfAbsent(a.getEntity().getPartitionKey(), k -> new ArrayList<>()).add(a);
        }
        for (List<TableTransactionAction> group : byPartition.values()) {
            for (int i = 0; i < group.size(); i += BATCH_ROWS) {
                try {
                    table.submitTransaction(group.subList(i, Math.min(group.size(), i + BATCH_ROWS)));
                } catch (RuntimeException e) {
                    throw TableErrors.translate(what, e);
                }
            }
        }
    }
}
