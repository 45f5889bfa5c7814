package io.esbackup.azure;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import io.esbackup.model.Event;
import io.esbackup.model.StreamHeader;
import io.esbackup.store.EventCursor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A stream's events read from the events table one query after another (one per chunk partition), a page of
 * rows at a time, so memory holds one page and one event's payload pieces however long the stream is. A row
 * and the pieces of its payload are adjacent in key order ({@code {version}_p{i}} sorts right after
 * {@code {version}}), so an event is whole once the next event's row is seen.
 */
final class TableEventCursor implements EventCursor {
    /** One query: its filter, and which partitions it may return (a range of keys can hold strangers). */
    record Query(String filter, Predicate<String> partitions) {}

    private final TableClient table;
    private final Iterator<Query> queries;
    private final int from;
    private final int to;
    private final Supplier<StreamHeader> headerSource;
    private StreamHeader header;
    private Iterator<TableEntity> rows = java.util.Collections.emptyIterator();
    private TableEntity pending;
    private Event next;

    TableEventCursor(TableClient table, List<Query> queries, int from, int to, Supplier<StreamHeader> header) {
        this.table = table;
        this.queries = queries.iterator();
        this.from = from;
        this.to = to;
        this.headerSource = header;
    }

    @Override
    public StreamHeader header() {
        if (header == null) {
            header = headerSource.get();
        }
        return header;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public Event next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Event e = next;
        next = null;
        return e;
    }

    private Event advance() {
        while (true) {
            TableEntity row = pending != null ? pending : nextRow();
            pending = null;
            if (row == null) {
                return null;
            }
            if (TableEventRows.isPiece(row)) {
                continue; // a piece whose event lies before the range, or was lost: its event says what is missing
            }
            int version = TableEventRows.version(row);
            List<TableEntity> pieces = new ArrayList<>(TableEventRows.piecesAfter(row));
            for (TableEntity p = nextRow(); p != null; p = nextRow()) {
                if (!p.getPartitionKey().equals(row.getPartitionKey())
                        || !p.getRowKey().startsWith(row.getRowKey() + "_p")) {
                    pending = p;
                    break;
                }
                pieces.add(p);
            }
            if (version < from || version > to) {
                continue;
            }
            return TableEventRows.event(row, pieces);
        }
    }

    private TableEntity nextRow() {
        while (true) {
            try {
                if (rows.hasNext()) {
                    return rows.next();
                }
            } catch (RuntimeException e) {
                if (TableErrors.status(e) == 404) {
                    rows = java.util.Collections.emptyIterator();
                    continue; // no events table yet: no events
                }
                throw TableErrors.translate("reading events from table " + table.getTableName(), e);
            }
            if (!queries.hasNext()) {
                return null;
            }
            Query q = queries.next();
            Iterator<TableEntity> all = table.listEntities(new ListEntitiesOptions().setFilter(q.filter()), null, null)
                    .iterator();
            rows = filtered(all, q.partitions());
        }
    }

    private static Iterator<TableEntity> filtered(Iterator<TableEntity> all, Predicate<String> partitions) {
        return new Iterator<>() {
            private TableEntity ahead;

            @Override
            public boolean hasNext() {
                while (ahead == null && all.hasNext()) {
                    TableEntity e = all.next();
                    if (partitions.test(e.getPartitionKey())) {
                        ahead = e;
                    }
                }
                return ahead != null;
            }

            @Override
            public TableEntity next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TableEntity e = ahead;
                ahead = null;
                return e;
            }
        };
    }

    @Override
    public void close() {
        // Pages are fetched on demand: an abandoned cursor holds no connection.
        rows = java.util.Collections.emptyIterator();
    }
}
