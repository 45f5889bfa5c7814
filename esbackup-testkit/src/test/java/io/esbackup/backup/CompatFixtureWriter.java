package io.esbackup.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.store.SnapshotStore;
import io.esbackup.archive.Compression;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import io.esbackup.model.json.DocumentCodec;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.json.Json;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.InMemoryEventStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes the format-version-1 compatibility fixtures that {@link CompatV1Test} reads: twelve backups (the
 * four {@link CompatAggregates}, each with zstd, gzip and none) in the {@link LocalBlobStore} layout under
 * {@code compat/v1/backups} ({@code backups/...}, {@code backup-index/...}), and {@code compat/v1/expected.json}
 * describing each backup and what restoring it must give. Clock and backup ids are fixed.
 *
 * <p>These files are forever (STYLE habit 8): every later esbackup must restore them. Do not regenerate v1
 * once it has been released; a new format version gets a new folder ({@code compat/v2}) and its own writer
 * run. The writer refuses to write into a folder that is not empty. The committed v1 files were written by
 * the code of commit e66d694 (toolVersion "0.1.0"); the writer run on later code writes other bytes (a
 * toolVersion from the build, payloads kept byte for byte), which is exactly why old files are kept. To
 * generate a new folder, from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl esbackup-core,esbackup-testkit -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -cp "esbackup-testkit/target/test-classes:esbackup-testkit/target/classes:$(cat esbackup-testkit/target/test-cp.txt)" \
 *     io.esbackup.backup.CompatFixtureWriter esbackup-testkit/src/test/resources/compat/v1
 * </pre>
 */
public final class CompatFixtureWriter {
    /** The first backup's {@code createdAt}; each later one is {@link #BETWEEN} later. */
    static final Instant FIRST_BACKUP = Instant.parse("2024-05-01T10:00:00Z");
    static final Duration BETWEEN = Duration.ofMillis(61_250);

    private CompatFixtureWriter() {}

    /** The n-th backup id (1-based). */
    static UUID backupId(int n) {
        return UUID.fromString(String.format("c0ffee00-0000-4000-8000-%012d", n));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CompatFixtureWriter <folder, e.g. "
                    + "esbackup-testkit/src/test/resources/compat/v1>");
        }
        Path out = Path.of(args[0]);
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalStateException(out + " is not empty; released fixtures are never rewritten");
                }
            }
        }
        List<BackupHandle> handles = write(out);
        System.out.println("wrote " + handles.size() + " backups and expected.json to " + out.toAbsolutePath());
    }

    static List<BackupHandle> write(Path out) throws IOException {
        InMemoryEventStore store = new InMemoryEventStore();
        List<String[]> aggregates = CompatAggregates.build(store);
        MutableClock clock = new MutableClock(FIRST_BACKUP);
        int[] next = {0};
        BackupRestoreService service = BackupRestoreService.builder(store,
                        new BlobBackupProvider(new LocalBlobStore(out.resolve("backups"))))
                .clock(clock)
                .ids(() -> backupId(++next[0]))
                .build();
        List<BackupHandle> handles = new ArrayList<>();
        for (Compression compression : Compression.values()) {
            for (String[] aggregate : aggregates) {
                handles.add(service.backupStream(aggregate[0], aggregate[1], options(compression, aggregate[1])));
                clock.advance(BETWEEN);
            }
        }
        try (OutputStream file = Files.newOutputStream(out.resolve("expected.json"));
             JsonGenerator g = Json.generator(file)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter().withArrayIndenter(new DefaultIndenter("  ", "\n"))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n")));
            writeExpected(g, store, aggregates, handles);
            g.writeRaw('\n');
        }
        return handles;
    }

    /** Everything in full; a few backups also carry a retention, description, tags or a location. */
    private static BackupOptions options(Compression compression, String objectId) {
        BackupOptions.Builder b = BackupOptions.FULL.toBuilder().compression(compression);
        if (objectId.equals(CompatAggregates.PLAIN) && compression == Compression.ZSTD) {
            b.retention(Duration.ofDays(30)).description("before migration").tag("env", "prod").tag("team", "orders");
        }
        if (objectId.equals(CompatAggregates.SNAPSHOTS) && compression == Compression.NONE) {
            b.description("Sicherung vor der Migration – ü ☕");
        }
        if (objectId.equals(CompatAggregates.TERMINATED) && compression == Compression.GZIP) {
            b.location("archive/2024");
        }
        return b.build();
    }

    private static void writeExpected(JsonGenerator g, EventStore store, List<String[]> aggregates,
                                      List<BackupHandle> handles) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", "esbackup-compat-expected");
        g.writeNumberField("formatVersion", 1);
        g.writeStringField("writtenBy", "esbackup " + BackupRestoreService.TOOL_VERSION);
        g.writeStringField("about", "Written by io.esbackup.backup.CompatFixtureWriter; read by CompatV1Test. "
                + "Each backup restores its aggregate as listed under aggregates. Raw JSON values are compact "
                + "with numbers as written; compare them token by token.");
        g.writeArrayFieldStart("backups");
        for (BackupHandle h : handles) {
            writeBackup(g, h);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("aggregates");
        for (String[] aggregate : aggregates) {
            writeAggregate(g, store, aggregate[0], aggregate[1]);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeBackup(JsonGenerator g, BackupHandle h) throws IOException {
        g.writeStartObject();
        g.writeStringField("backupId", h.backupId().toString());
        g.writeStringField("objectName", h.objectName());
        g.writeStringField("objectId", h.objectId());
        g.writeStringField("location", h.manifest().location());
        g.writeStringField("compression", h.manifest().compression().wireName());
        g.writeStringField("archiveKey", h.location());
        g.writeStringField("createdAt", h.createdAt().toString());
        g.writeStringField("expiresAt", h.expiresAt() == null ? null : h.expiresAt().toString());
        g.writeNumberField("eventCount", h.eventCount());
        g.writeNumberField("streamVersion", h.streamVersion());
        g.writeNumberField("snapshotCount", h.manifest().snapshotCount());
        g.writeNumberField("terminatedStreamCount", h.manifest().terminatedStreamCount());
        g.writeEndObject();
    }

    /** The aggregate as it was backed up: document, active stream, snapshot data, terminated streams. */
    private static void writeAggregate(JsonGenerator g, EventStore store, String name, String id) throws IOException {
        ObjectDocument doc = store.readDocument(name, id).orElseThrow().document();
        g.writeStartObject();
        g.writeStringField("objectName", name);
        g.writeStringField("objectId", id);
        g.writeFieldName("document");
        g.writeRawValue(new String(DocumentCodec.toBytes(doc), StandardCharsets.UTF_8));
        g.writeFieldName("active");
        writeStream(g, store, name, doc.active(), null);
        g.writeArrayFieldStart("snapshots");
        for (SnapshotRef ref : doc.active().snapShots()) {
            g.writeStartObject();
            g.writeFieldName("ref");
            g.writeRawValue(Json.mapper().writeValueAsString(DocumentCodec.snapshotTree(ref)));
            g.writeFieldName("data");
            try (InputStream in = store.capability(SnapshotStore.class).orElseThrow().readSnapshot(name, doc.active().streamIdentifier(), ref).orElseThrow()) {
                g.writeRawValue(Json.normalize(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("terminatedStreams");
        for (TerminatedStream ts : doc.terminatedStreams()) {
            writeStream(g, store, name, StreamInformation.empty(ts.streamIdentifier(), ts.streamType()), ts);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The stream's id, header and events; a terminated one must hold {@code streamVersion + 1} events. */
    private static void writeStream(JsonGenerator g, EventStore store, String name, StreamInformation stream,
                                    TerminatedStream ts) throws IOException {
        g.writeStartObject();
        g.writeStringField("streamIdentifier", stream.streamIdentifier());
        if (ts != null) {
            g.writeBooleanField("deleted", ts.deleted());
        }
        List<String> events = new ArrayList<>();
        try (EventCursor c = store.readEvents(name, stream, 0, Integer.MAX_VALUE)) {
            if (ts == null || !ts.deleted()) {
                g.writeFieldName("header");
                g.writeRawValue(header(c.header()));
            }
            c.forEachRemaining(e -> events.add(event(e)));
        }
        int expected = ts == null ? stream.currentStreamVersion() + 1 : ts.deleted() ? 0 : ts.streamVersion() + 1;
        if (events.size() != expected) {
            throw new IllegalStateException("stream " + stream.streamIdentifier() + " has " + events.size()
                    + " events, expected " + expected + "; the fixture would record a bug");
        }
        g.writeArrayFieldStart("events");
        for (String e : events) {
            g.writeRawValue(e);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** An event as compact JSON, token by token (numbers as written). */
    static String event(Event e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.generator(out)) {
            EventCodec.write(g, e);
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
        return Json.normalize(out.toString(StandardCharsets.UTF_8));
    }

    /** A stream header as compact JSON. */
    static String header(StreamHeader header) {
        ObjectNode n = Json.mapper().createObjectNode();
        header.fields().forEach(n::set);
        return new String(Json.bytes(n), StandardCharsets.UTF_8);
    }
}
