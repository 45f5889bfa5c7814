package io.esbackup.testkit;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.blob.WriteCondition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Backups the reference library wrote (docs/research/reference-backup-format.md), byte by byte as its serializer
 * writes them: one line, camelCase, .NET's escapes, each event a JSON string with PascalCase {@code Payload},
 * {@code action} members and {@code Metadata}. One gzipped (with a registry entry: retention, description, tags)
 * and one plain, in a folder laid out as the reference's containers: {@code migration-backups/} and
 * {@code backup-registry/}.
 */
public final class ReferenceBackupFiles {
    public static final String GZIPPED = "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f";
    public static final String PLAIN = "0b6f4c3e-8f2a-4d1b-9c3e-5a7d2e1f4b60";
    private static final String EVENT_0 = "{\\u0022Payload\\u0022:\\u0022{\\\\u0022orderId\\\\u0022:\\\\u0022o-1\\\\u0022,"
            + "\\\\u0022total\\\\u0022:12.50,\\\\u0022units\\\\u0022:123456789012345678901234567890}\\u0022,"
            + "\\u0022type\\u0022:\\u0022Order.Created\\u0022,\\u0022version\\u0022:0,\\u0022action\\u0022:"
            + "{\\u0022CorrelationId\\u0022:\\u0022c-1\\u0022,\\u0022EventOccuredAt\\u0022:"
            + "\\u00222026-03-01T10:00:00.5\\u002B00:00\\u0022},\\u0022Metadata\\u0022:{}}";
    private static final String EVENT_1 = "{\\u0022Payload\\u0022:\\u0022{\\\\u0022name\\\\u0022:\\\\u0022Caf\\\\u00E9"
            + " \\\\u003C1\\\\u003E\\\\u0022}\\u0022,\\u0022type\\u0022:\\u0022Order.Renamed\\u0022,\\u0022version\\u0022:1,"
            + "\\u0022schemaVersion\\u0022:2,\\u0022action\\u0022:{},\\u0022Metadata\\u0022:{\\u0022source\\u0022:"
            + "\\u0022import\\u0022}}";


    private ReferenceBackupFiles() {}

    /** Writes both backups and the registry under {@code folder}. */
    public static void write(Path folder) {
        LocalBlobStore backups = new LocalBlobStore(folder.resolve("migration-backups"));
        LocalBlobStore registry = new LocalBlobStore(folder.resolve("backup-registry"));
        backups.write("backups/o-1/" + GZIPPED + ".backup.json", WriteCondition.createOnly(),
                gzip(document(GZIPPED, "o-1", "2026-03-01T19:09:09.1234567+00:00", 1, EVENT_0 + "\",\"" + EVENT_1)));
        backups.write("backups/o-2/" + PLAIN + ".backup.json", WriteCondition.createOnly(),
                document(PLAIN, "o-2", "2026-03-02T08:00:00+00:00", 0, EVENT_0).getBytes(StandardCharsets.UTF_8));
        registry.write("backup-registry.json", WriteCondition.createOnly(), ("{\"entries\":[{\"backupId\":\""
                + GZIPPED + "\",\"createdAt\":\"2026-03-01T19:09:09.1234567+00:00\",\"providerName\":\"azure-blob\","
                + "\"location\":\"http://127.0.0.1/x\",\"objectId\":\"o-1\",\"objectName\":\"order\",\"streamVersion\":1,"
                + "\"eventCount\":2,\"sizeBytes\":379,\"includesSnapshots\":false,\"includesObjectDocument\":true,"
                + "\"includesTerminatedStreams\":false,\"isCompressed\":true,\"checksum\":null,\"retention\":"
                + "\"30.00:00:00\",\"description\":\"before the migration\",\"tags\":{\"env\":\"prod\"}}]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The backup document as the reference's serializer writes it, its events given as their string contents. */
    public static String document(String id, String objectId, String createdAt, int version, String events) {
        return "{\"backupId\":\"" + id + "\",\"createdAt\":\"" + createdAt + "\",\"objectId\":\"" + objectId
                + "\",\"objectName\":\"order\",\"streamVersion\":" + version + ",\"eventCount\":" + (version + 1)
                + ",\"serializedEvents\":[\"" + events + "\"],\"serializedObjectDocument\":null}";
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
