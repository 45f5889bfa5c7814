package io.esbackup.azure;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import java.io.ByteArrayInputStream;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A Table store as the reference library's own code writes it (vnext 69d20e6, src/ErikLieben.FA.ES.AzureStorage/Table;
 * docs/research/reference-table-layout.md), written entity by entity with the SDK and no esbackup code, so a
 * test sees esbackup read what the reference wrote:
 * <ul>
 *   <li>{@link #PLAIN}: an unchunked stream of five events, with .NET's escaped text in {@code ActionMetadata}
 *       and {@code Metadata}, numbers past 64 bits and scales that must survive, a large payload gzipped over
 *       two {@code _p} rows, a snapshot with its {@code AggregateType}, and a terminated stream ended by an
 *       {@code EventStream.Closed} event;</li>
 *   <li>{@link #CHUNKED}: a stream in chunks of two ({@code {sid}_{chunk, 10 digits}} partitions, rows in
 *       {@code streamchunks}), with a large payload that gzips into one piece.</li>
 * </ul>
 * Hashes are the reference's: SHA-256 of {@code sid|type|version|dataStore|documentStore}, each event's
 * {@code LastObjectDocumentHash} the document's hash as saved by its commit.
 */
public final class ReferenceTables {
    public static final String OBJECT = "order";
    public static final String PLAIN = "3f2a9c1e-7b4d-4e8a-9f01-2c3d4e5f6a7b";
    public static final String PLAIN_SID = "3f2a9c1e7b4d4e8a9f012c3d4e5f6a7b-0000000001";
    public static final String OLD_SID = "3f2a9c1e7b4d4e8a9f012c3d4e5f6a7b-0000000000";
    public static final String CHUNKED = "7c1d2e3f-aaaa-4bbb-8ccc-0123456789ab";
    public static final String CHUNKED_SID = "7c1d2e3faaaa4bbb8ccc0123456789ab-0000000000";
    static final int PIECE = 60 * 1024;

    private final TableServiceClient service;
    private final TableLayout layout;

    public ReferenceTables(TableServiceClient service, TableLayout layout) {
        this.service = service;
        this.layout = layout;
    }

    /** Writes both aggregates and returns the large payload's text, which a test compares. */
    public String write() {
        for (String table : layout.byRole().values()) {
            service.createTableIfNotExists(table);
        }
        String large = writePlain();
        writeChunked();
        return large;
    }

    private String writePlain() {
        TableClient events = table(layout.events());
        String[] types = {"Order.Created", "Order.LineAdded", "Order.LineAdded", "Order.Imported", "Order.Paid"};
        String[] payloads = {
            "{\"customer\":\"Zo\\u00EB \\u5C71\\u7530\",\"amount\":10.50,\"units\":123456789012345678901234567890}",
            "{\"line\":1,\"sku\":\"\\u00FCber-\\uD83C\\uDF89\",\"price\":1e5,\"qty\":2}",
            "{\"line\":2,\"note\":\"na\u00efve \u2713 raw\",\"price\":0.10,\"nested\":[1,2.50E3,null,true,{}]}",
            null, // the large payload, below
            "{\"paid\":-0.0,\"at\":\"2026-03-01T10:05:00.1234567+01:00\"}"};
        String large = largePayload();
        for (int v = 0; v <= 4; v++) {
            String hash = hash(PLAIN_SID, v);
            TableEntity row = new TableEntity(PLAIN_SID, d20(v))
                    .addProperty("ObjectId", PLAIN).addProperty("StreamIdentifier", PLAIN_SID)
                    .addProperty("EventVersion", v).addProperty("EventType", types[v])
                    .addProperty("SchemaVersion", v == 4 ? 2 : 1)
                    .addProperty("ActionMetadata", "{\"CorrelationId\":\"corr-" + v + "\",\"CausationId\":\"cause-" + v
                            + "\",\"OriginatedFromUser\":\"vt[Ren\\u00E9e]1.0.0\",\"EventOccuredAt\":\"2026-03-01T10:0" + v
                            + ":00+01:00\"}")
                    .addProperty("LastObjectDocumentHash", hash);
            if (v % 2 == 1) {
                row.addProperty("Metadata", "{\"tenant\":\"t-\\u00FC\",\"source\":\"import \\u0026 sync\"}");
            }
            if (v == 3) {
                byte[] gz = gzip(large.getBytes(StandardCharsets.UTF_8));
                int n = (gz.length + PIECE - 1) / PIECE;
                if (n < 2) {
                    throw new IllegalStateException("the large payload should need two pieces, got " + n);
                }
                row.addProperty("Payload", "{}").addProperty("PayloadData", piece(gz, 0))
                        .addProperty("PayloadChunked", true).addProperty("PayloadTotalChunks", n)
                        .addProperty("PayloadCompressed", true);
                events.createEntity(row);
                for (int i = 1; i < n; i++) {
                    events.createEntity(new TableEntity(PLAIN_SID, d20(v) + "_p" + i)
                            .addProperty("ObjectId", PLAIN).addProperty("StreamIdentifier", PLAIN_SID)
                            .addProperty("EventVersion", v).addProperty("EventType", types[v])
                            .addProperty("SchemaVersion", 1).addProperty("LastObjectDocumentHash", hash)
                            .addProperty("PayloadChunkIndex", i).addProperty("PayloadData", piece(gz, i))
                            .addProperty("PayloadTotalChunks", n).addProperty("Payload", "{}"));
                }
                continue;
            }
            row.addProperty("Payload", payloads[v]);
            events.createEntity(row);
        }
        // The terminated stream: two events, the last one closing it.
        for (int v = 0; v <= 1; v++) {
            events.createEntity(new TableEntity(OLD_SID, d20(v)).addProperty("ObjectId", PLAIN)
                    .addProperty("StreamIdentifier", OLD_SID).addProperty("EventVersion", v)
                    .addProperty("EventType", v == 0 ? "Order.Created" : "EventStream.Closed")
                    .addProperty("SchemaVersion", 1).addProperty("Payload", v == 0 ? "{\"legacy\":true}" : "{}")
                    .addProperty("ActionMetadata", "{}").addProperty("LastObjectDocumentHash", "*"));
        }
        table(layout.documents()).createEntity(document(PLAIN, PLAIN_SID, 4, false, 1000));
        table(layout.documentSnapshots()).createEntity(new TableEntity(PLAIN, "0000000002").addProperty("UntilVersion", 2));
        table(layout.snapshots()).createEntity(new TableEntity(OBJECT + "_" + PLAIN_SID, d20(2))
                .addProperty("StreamIdentifier", PLAIN_SID).addProperty("Version", 2)
                .addProperty("Data", "{\"total\":10.50,\"lines\":2,\"customer\":\"Zo\\u00EB\"}")
                .addProperty("AggregateType", "Demo.Orders.Order"));
        table(layout.terminatedStreams()).createEntity(new TableEntity(PLAIN, OLD_SID)
                .addProperty("StreamIdentifier", OLD_SID).addProperty("StreamType", "table")
                .addProperty("DataStore", "Store").addProperty("Reason", "Stream migrated")
                .addProperty("ContinuationStreamId", PLAIN_SID)
                .addProperty("TerminationDate", OffsetDateTime.parse("2026-02-01T09:30:00Z"))
                .addProperty("StreamVersion", 1).addProperty("Deleted", false)
                .addProperty("DeletionDate", OffsetDateTime.parse("2026-02-01T09:30:00Z")));
        return large;
    }

    private void writeChunked() {
        TableClient events = table(layout.events());
        for (int v = 0; v <= 4; v++) {
            int chunk = v / 2;
            TableEntity row = new TableEntity(CHUNKED_SID + "_" + String.format("%010d", chunk), d20(v))
                    .addProperty("ObjectId", CHUNKED).addProperty("StreamIdentifier", CHUNKED_SID)
                    .addProperty("EventVersion", v).addProperty("EventType", "Order.Step")
                    .addProperty("SchemaVersion", 1).addProperty("ActionMetadata", "{\"CorrelationId\":\"c" + v + "\"}")
                    .addProperty("ChunkIdentifier", chunk)
                    .addProperty("LastObjectDocumentHash", hash(CHUNKED_SID, v));
            if (v == 2) {
                // Large but repetitive: gzip makes it one piece.
                String big = "{\"rows\":[" + "{\"k\":\"v\u00e9\",\"n\":12.500},".repeat(4000) + "{}]}";
                row.addProperty("Payload", "{}").addProperty("PayloadData", gzip(big.getBytes(StandardCharsets.UTF_8)))
                        .addProperty("PayloadChunked", false).addProperty("PayloadTotalChunks", 1)
                        .addProperty("PayloadCompressed", true);
            } else {
                row.addProperty("Payload", "{\"step\":" + v + ",\"amount\":" + v + ".10}");
            }
            events.createEntity(row);
        }
        table(layout.documents()).createEntity(document(CHUNKED, CHUNKED_SID, 4, true, 2));
        TableClient chunks = table(layout.streamChunks());
        for (int c = 0; c <= 2; c++) {
            chunks.createEntity(new TableEntity(CHUNKED, String.format("%010d", c)).addProperty("ChunkIdentifier", c)
                    .addProperty("FirstEventVersion", c * 2).addProperty("LastEventVersion", Math.min(4, c * 2 + 1)));
        }
    }

    private static TableEntity document(String id, String sid, int version, boolean chunked, int chunkSize) {
        return new TableEntity(OBJECT, id).addProperty("ObjectId", id).addProperty("ObjectName", OBJECT)
                .addProperty("ActiveStreamIdentifier", sid).addProperty("ActiveStreamType", "table")
                .addProperty("ActiveDocumentTagType", "table").addProperty("ActiveCurrentStreamVersion", version)
                .addProperty("ActiveDocumentType", "table").addProperty("ActiveEventStreamTagType", "table")
                .addProperty("ActiveDocumentRefType", "table").addProperty("ActiveDataStore", "Store")
                .addProperty("ActiveDocumentStore", "Store").addProperty("ActiveDocumentTagStore", "Store")
                .addProperty("ActiveStreamTagStore", "Store").addProperty("ActiveSnapShotStore", "Store")
                .addProperty("ActiveChunkingEnabled", chunked).addProperty("ActiveChunkSize", chunkSize)
                .addProperty("SchemaVersion", "1.0.0").addProperty("Hash", hash(sid, version))
                .addProperty("PrevHash", hash(sid, version - 1));
    }

    /** The reference's document hash of stream {@code sid} at {@code version}, with the default stores. */
    static String hash(String sid, int version) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    (sid + "|table|" + version + "|Store|Store").getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** About 150 KB of JSON that gzip cannot shrink below two pieces: random text, varied numbers. */
    private static String largePayload() {
        Random random = new Random(42);
        StringBuilder b = new StringBuilder("{\"attachments\":[");
        for (int i = 0; i < 1500; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":").append(random.nextLong()).append(",\"data\":\"");
            for (int j = 0; j < 80; j++) {
                b.append((char) ('#' + random.nextInt(56))); // '#'..'Z': no quote, no backslash
            }
            b.append("\",\"amount\":").append(random.nextInt(100000)).append('.').append(random.nextInt(90) + 10)
                    .append('}');
        }
        return b.append("]}").toString();
    }

    /** Set by the service on every entity. */
    private static final java.util.Set<String> SERVICE = java.util.Set.of("PartitionKey", "RowKey", "Timestamp");

    /**
     * Every row of every table of {@code store} but the journal's, by {@code table role|PartitionKey|RowKey}
     * (keys passed through {@code rename}), each as its columns with their Java types: {@code PayloadData} as
     * the payload it decodes to, with its pieces' count, since two gzip encoders need not agree on bytes.
     */
    static Map<String, Map<String, Object>> everything(TableEventStore store, UnaryOperator<String> rename) {
        Map<String, Map<String, Object>> all = new TreeMap<>();
        Map<String, String> roles = store.layout().byRole();
        roles.remove("restores");
        for (Map.Entry<String, String> t : roles.entrySet()) {
            for (TableEntity e : rows(store, t.getValue())) {
                Map<String, Object> columns = new TreeMap<>();
                e.getProperties().forEach((k, v) -> {
                    if (!SERVICE.contains(k) && !k.startsWith("odata.") && !k.contains("@odata")) {
                        columns.put(k, v instanceof byte[] b ? "bytes:" + HexFormat.of().formatHex(b) : v);
                    }
                });
                all.put(t.getKey() + "|" + rename.apply(e.getPartitionKey()) + "|" + rename.apply(e.getRowKey()),
                        columns);
            }
        }
        decodePayloads(all);
        return all;
    }

    /** Replaces each large payload's pieces by the text they decode to, on its event's row. */
    private static void decodePayloads(Map<String, Map<String, Object>> all) {
        for (Map.Entry<String, Map<String, Object>> row : all.entrySet()) {
            Map<String, Object> c = row.getValue();
            if (c.get("PayloadData") == null || c.containsKey("PayloadChunkIndex")) {
                continue;
            }
            int n = (Integer) c.get("PayloadTotalChunks");
            StringBuilder hex = new StringBuilder(((String) c.get("PayloadData")).substring("bytes:".length()));
            for (int i = 1; i < n; i++) {
                Map<String, Object> p = all.get(row.getKey() + "_p" + i);
                hex.append(((String) p.get("PayloadData")).substring("bytes:".length()));
                p.put("PayloadData", "piece " + i);
            }
            byte[] data = HexFormat.of().parseHex(hex);
            if (Boolean.TRUE.equals(c.get("PayloadCompressed"))) {
                try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(data))) {
                    data = z.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            c.put("PayloadData", "decoded:" + new String(data, StandardCharsets.UTF_8));
        }
    }

    /** Every row of one table, none when it does not exist. */
    private static List<TableEntity> rows(TableEventStore store, String table) {
        List<TableEntity> rows = new ArrayList<>();
        try {
            Azurite.tableClient().getTableClient(table).listEntities(new ListEntitiesOptions(), null, null)
                    .forEach(rows::add);
        } catch (com.azure.data.tables.models.TableServiceException e) {
            if (e.getResponse() == null || e.getResponse().getStatusCode() != 404) {
                throw e;
            }
        } catch (com.azure.core.exception.HttpResponseException e) {
            if (e.getResponse() == null || e.getResponse().getStatusCode() != 404) {
                throw e;
            }
        }
        return rows;
    }

    TableClient table(String name) {
        return service.getTableClient(name);
    }

    static String d20(int v) {
        return String.format("%020d", v);
    }

    private static byte[] piece(byte[] b, int i) {
        return java.util.Arrays.copyOfRange(b, i * PIECE, Math.min(b.length, (i + 1) * PIECE));
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
