package io.esbackup.azure;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.error.ConflictException;
import io.esbackup.model.Event;
import io.esbackup.model.StreamChunk;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.ChunkLayout;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One append of events to a stream in the events table: the expected last version checked (one point read),
 * then the rows inserted with insert-only transactions of one partition each, at most
 * {@value TableRequests#BATCH_ROWS} rows and {@value #BATCH_BYTES} bytes, an event's rows kept in one
 * transaction where they fit. A concurrent writer of a version this append writes makes its transaction fail
 * (409), and nothing of that transaction is written. A failure part-way deletes what this append's own
 * transactions inserted, and only that.
 */
final class TableAppend {
    /** A transaction may carry 4 MiB; stay well below it, counting Base64 and JSON on the wire. */
    static final int BATCH_BYTES = 2 * 1024 * 1024;

    private final TableRequests requests;
    private final String eventsTable;

    TableAppend(TableRequests requests, String eventsTable) {
        this.requests = requests;
        this.eventsTable = eventsTable;
    }

    StreamInformation append(String objectName, StreamInformation stream, StreamHeader header, Iterator<Event> events) {
        TableKeys.documentPartition(objectName);
        String sid = TableKeys.id("streamIdentifier", stream.streamIdentifier());
        StreamHeader h = header == null ? new StreamHeader(Map.of()) : header;
        JsonNode id = h.fields().get("objectId");
        if (id == null || !id.isTextual()) {
            throw new IllegalArgumentException("header must name the stream's objectId: every row of the Table"
                    + " layout carries it");
        }
        String objectId = id.textValue();
        int last = stream.currentStreamVersion();
        if (!events.hasNext()) {
            return stream;
        }
        expectAt(sid, stream);
        List<StreamChunk> chunks = new ArrayList<>(stream.streamChunks());
        int size = stream.chunked() ? stream.chunkSettings().chunkSize() : 0;
        Batches batches = new Batches(requests.writable(eventsTable), sid);
        boolean first = last < 0;
        try {
            while (events.hasNext()) {
                Event e = events.next();
                int v = e.eventVersion();
                if (v != last + 1) {
                    throw new IllegalArgumentException("events must have contiguous versions: expected " + (last + 1)
                            + " but got " + v);
                }
                Integer chunkId = null;
                if (stream.chunked()) {
                    int index = ChunkLayout.indexFor(chunks, v, size);
                    if (index < 0) {
                        chunks.add(StreamChunk.of(ChunkLayout.nextId(chunks), v, v - 1));
                        index = chunks.size() - 1;
                    }
                    StreamChunk c = chunks.get(index);
                    chunks.set(index, new StreamChunk(c.id(), c.first(), Math.max(c.last(), v), c.extra()));
                    chunkId = c.id();
                }
                String partition = TableKeys.eventPartition(sid, chunkId);
                List<TableEntity> rows = TableEventRows.rows(e,
                        new TableEventRows.Place(partition, objectId, sid, chunkId));
                if (first) {
                    TableStreamHeader.keep(rows.get(0), h, objectName, objectId);
                    first = false;
                }
                batches.add(partition, rows);
                last = v;
            }
            batches.flush();
        } catch (RuntimeException e) {
            batches.undo(e);
            throw e;
        }
        return stream.withVersion(last, stream.chunked() ? chunks : stream.streamChunks());
    }

    /** The stream must hold its expected last version; the insert-only transactions catch one beyond it. */
    private void expectAt(String sid, StreamInformation stream) {
        int cur = stream.currentStreamVersion();
        if (cur < 0) {
            return;
        }
        Integer chunk = null;
        if (stream.chunked()) {
            chunk = stream.streamChunks().stream().filter(c -> c.contains(cur)).findFirst().map(StreamChunk::id)
                    .orElseThrow(() -> new ConflictException("stream " + sid + " is at version " + cur
                            + " but none of its chunks holds that version"));
        }
        if (requests.get(eventsTable, TableKeys.eventPartition(sid, chunk), TableKeys.versionKey(cur),
                "reading event " + cur + " of stream " + sid).isEmpty()) {
            throw new ConflictException("stream " + sid + " is expected at version " + cur
                    + " but holds no event of that version");
        }
    }

    /** The rows of one append in transactions, and what they wrote, by partition, so a failure can take it back. */
    private final class Batches {
        private final TableClient table;
        private final String sid;
        private final List<TableTransactionAction> pending = new ArrayList<>();
        private String partition;
        private int bytes;
        /**
         * Each partition this append wrote to, with the first RowKey and the last version it wrote there: its
         * rows are exactly those between, since its inserts are contiguous versions and create-only.
         */
        private final Map<String, Written> written = new LinkedHashMap<>();

        Batches(TableClient table, String sid) {
            this.table = table;
            this.sid = sid;
        }

        void add(String p, List<TableEntity> rows) {
            int size = rows.stream().mapToInt(TableAppend::wireSize).sum();
            if (!p.equals(partition) || pending.size() + rows.size() > TableRequests.BATCH_ROWS
                    || bytes + size > BATCH_BYTES) {
                flush();
            }
            partition = p;
            for (TableEntity r : rows) {
                int rowSize = wireSize(r);
                if (pending.size() == TableRequests.BATCH_ROWS || !pending.isEmpty() && bytes + rowSize > BATCH_BYTES) {
                    flush(); // an event with more pieces than a transaction takes
                    partition = p;
                }
                pending.add(new TableTransactionAction(TableTransactionActionType.CREATE, r));
                bytes += rowSize;
            }
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            String first = pending.get(0).getEntity().getRowKey();
            int lastVersion = (Integer) pending.get(pending.size() - 1).getEntity().getProperty("EventVersion");
            try {
                table.submitTransaction(List.copyOf(pending));
                // Only once it is in: a transaction refused for a row another writer holds wrote nothing, and
                // what lies from its first key on is that writer's.
                written.merge(partition, new Written(first, lastVersion),
                        (had, now) -> new Written(had.firstKey(), now.lastVersion()));
            } catch (RuntimeException e) {
                if (TableErrors.status(e) == 409) {
                    throw new ConflictException("stream " + sid + " already holds a version this append writes ("
                            + partition + "): another writer appended to it", e);
                }
                throw TableErrors.translate("appending events to stream " + sid, e);
            } finally {
                pending.clear();
                bytes = 0;
            }
        }

        /** Deletes what this append wrote (best effort; a failure is added to {@code cause}). */
        void undo(RuntimeException cause) {
            pending.clear();
            for (Map.Entry<String, Written> w : written.entrySet()) {
                try {
                    List<TableTransactionAction> deletes = new ArrayList<>();
                    // Bounded above: another writer may have appended on top of the part that was in (the
                    // transaction that then failed was refused for its rows), and those rows are its own.
                    for (TableEntity e : requests.query(eventsTable, TableKeys.partitionIs(w.getKey())
                            + " and RowKey ge " + TableKeys.literal(w.getValue().firstKey()) + " and RowKey lt "
                            + TableKeys.literal(String.format("%020d", w.getValue().lastVersion() + 1L)))) {
                        deletes.add(new TableTransactionAction(TableTransactionActionType.DELETE,
                                new TableEntity(e.getPartitionKey(), e.getRowKey())));
                    }
                    TableRequests.submitAll(table, deletes, "taking back a failed append to stream " + sid);
                } catch (RuntimeException e) {
                    cause.addSuppressed(e);
                }
            }
        }
    }

    /** What an append's transactions put in one partition: from its first RowKey to its last version's rows. */
    private record Written(String firstKey, int lastVersion) {}

    /** About what a row takes on the wire: its strings, and its binary as Base64. */
    private static int wireSize(TableEntity row) {
        int size = 256;
        for (Object v : row.getProperties().values()) {
            if (v instanceof String s) {
                size += s.length() * 3 + 64;
            } else if (v instanceof byte[] b) {
                size += b.length * 4 / 3 + 64;
            } else {
                size += 64;
            }
        }
        return size;
    }
}
