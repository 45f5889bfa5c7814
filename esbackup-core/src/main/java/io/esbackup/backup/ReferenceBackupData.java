package io.esbackup.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.model.Event;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One backup as the reference library's {@code AzureBlobBackupProvider} writes it (docs/research/
 * reference-backup-format.md): a JSON document {@code backupId, createdAt, objectId, objectName, streamVersion,
 * eventCount, serializedEvents, serializedObjectDocument}, gzipped or not (told by its first bytes, since the
 * reference records it only in its registry), each event a JSON string in the reference's {@code JsonEvent}
 * shape: {@code Payload} (the payload's JSON text, as a string), {@code type}, {@code version},
 * {@code schemaVersion} (when not 1), {@code exseq}, {@code action} (PascalCase members), {@code Metadata}.
 */
record ReferenceBackupData(String backupId, Instant createdAt, String objectId, String objectName,
                           int streamVersion, int eventCount, List<String> serializedEvents,
                           String serializedObjectDocument) {

    /** The backup in {@code stored}, its stored bytes (gzip or plain UTF-8 JSON). */
    static ReferenceBackupData parse(byte[] stored) {
        byte[] json = isGzip(stored) ? gunzip(stored) : stored;
        JsonNode n;
        try {
            n = Json.readTree(json);
        } catch (IOException e) {
            throw new ArchiveFormatException("reference backup is not JSON: " + Json.describe(e), e);
        }
        if (!n.isObject()) {
            throw new ArchiveFormatException("reference backup is not a JSON object");
        }
        List<String> events = new ArrayList<>();
        JsonNode list = n.path("serializedEvents");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) {
                throw new ArchiveFormatException("reference backup's serializedEvents is not an array");
            }
            for (JsonNode e : list) {
                if (!e.isTextual()) {
                    throw new ArchiveFormatException("reference backup's serializedEvents holds a " + e.getNodeType()
                            + " where each event is a JSON string");
                }
                // The reference reads a "null" element as no event and skips it; so does this reader.
                if (!e.textValue().strip().equals("null")) {
                    events.add(e.textValue());
                }
            }
        }
        JsonNode document = n.path("serializedObjectDocument");
        return new ReferenceBackupData(text(n, "backupId"), instant(n.path("createdAt")), text(n, "objectId"),
                text(n, "objectName"), n.path("streamVersion").asInt(-1), n.path("eventCount").asInt(events.size()),
                events, document.isTextual() ? document.textValue() : null);
    }

    /**
     * The events, one at a time, in the Blob layout's shape: {@code Payload}'s text is the payload, byte for
     * byte; {@code action}'s members are camelCased; {@code Metadata} is {@code metadata}. The reference keeps
     * no event time.
     */
    Iterator<Event> events() {
        Iterator<String> it = serializedEvents.iterator();
        return new Iterator<>() {
            private int index;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Event next() {
                return event(it.next(), index++);
            }
        };
    }

    static Event event(String serialized, int index) {
        if (serialized.matches("[^{\\[\"].*:v\\d+")) {
            throw new ArchiveFormatException("event " + index + " of the reference backup is '" + serialized
                    + "': backups of the reference before 2.0.0-preview.5 wrote each event as \"Type:vN\", without"
                    + " its payload, and cannot be restored");
        }
        JsonNode n;
        try {
            n = Json.readTree(serialized.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ArchiveFormatException("event " + index + " of the reference backup is not JSON: "
                    + Json.describe(e), e);
        }
        if (!n.isObject() || !n.path("type").isTextual() || !n.path("version").canConvertToInt()) {
            throw new ArchiveFormatException("event " + index + " of the reference backup lacks 'type' or"
                    + " 'version' (backups of the reference before 2.0.0-preview.5 wrote events as \"Type:vN\","
                    + " which cannot be restored)");
        }
        JsonNode payload = n.path("Payload");
        if (!payload.isTextual() && !payload.isNull() && !payload.isMissingNode()) {
            // The reference writes the payload's JSON text as a string, and its reader throws on anything else.
            throw new ArchiveFormatException("event " + index + " of the reference backup has a 'Payload' that is "
                    + "a " + payload.getNodeType() + ", not the string of JSON text the reference writes");
        }
        ObjectNode shell = Json.objectNode();
        shell.set("type", n.get("type"));
        shell.set("version", n.get("version"));
        if (n.has("schemaVersion")) {
            shell.set("schemaVersion", n.get("schemaVersion"));
        }
        if (n.path("exseq").isTextual()) {
            shell.set("exseq", n.get("exseq"));
        }
        if (n.path("action").isObject()) {
            ObjectNode action = Json.objectNode();
            n.get("action").fields().forEachRemaining(f -> action.set(camel(f.getKey()), f.getValue()));
            shell.set("action", action);
        }
        if (n.path("Metadata").isObject()) {
            shell.set("metadata", n.get("Metadata"));
        }
        shell.putNull("payload");
        try (var p = Json.parser(Json.bytes(shell))) {
            p.nextToken();
            Event e = EventCodec.read(p);
            String text = payload.isTextual() ? payload.textValue() : "null";
            checkJson(text, index);
            return new Event(e.eventType(), e.eventVersion(), e.schemaVersion(), e.externalSequencer(), e.action(),
                    e.metadata(), text, e.timestamp(), e.extra());
        } catch (IOException | IllegalArgumentException e) {
            throw new ArchiveFormatException("event " + index + " of the reference backup is not an event: "
                    + e.getMessage(), e);
        }
    }

    private static void checkJson(String text, int index) {
        try {
            Json.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ArchiveFormatException("the payload of event " + index + " of the reference backup is not"
                    + " JSON: " + Json.describe(e), e);
        }
    }

    private static String camel(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new ArchiveFormatException("reference backup lacks its '" + field + "'");
        }
        return v.textValue();
    }

    private static Instant instant(JsonNode v) {
        if (!v.isTextual()) {
            throw new ArchiveFormatException("reference backup lacks its 'createdAt'");
        }
        try {
            return OffsetDateTime.parse(v.textValue()).toInstant();
        } catch (RuntimeException e) {
            throw new ArchiveFormatException("reference backup's createdAt is not a date with an offset: '"
                    + v.textValue() + "'", e);
        }
    }

    /** The backup in an archive of esbackup's format (any compression): its header and its events. */
    static ReferenceBackupData fromArchive(byte[] archive) {
        try (io.esbackup.archive.ArchiveReader reader = new io.esbackup.archive.ArchiveReader(
                new ByteArrayInputStream(archive), compressionOf(archive))) {
            io.esbackup.archive.ArchiveHeader h = reader.readHeader();
            List<String> events = new ArrayList<>();
            for (Iterator<Event> it = reader.events(); it.hasNext(); ) {
                events.add(serialize(it.next()));
            }
            return new ReferenceBackupData(h.backupId(), h.createdAt(), h.objectId(), h.objectName(),
                    h.stream().currentStreamVersion(), events.size(), events, null);
        }
    }

    /** The archive's compression, from its first bytes (the service wrote it with the backup's options). */
    private static io.esbackup.archive.Compression compressionOf(byte[] archive) {
        if (isGzip(archive)) {
            return io.esbackup.archive.Compression.GZIP;
        }
        boolean zstd = archive.length >= 4 && (archive[0] & 0xff) == 0x28 && (archive[1] & 0xff) == 0xb5
                && (archive[2] & 0xff) == 0x2f && (archive[3] & 0xff) == 0xfd;
        return zstd ? io.esbackup.archive.Compression.ZSTD : io.esbackup.archive.Compression.NONE;
    }

    static byte[] gzip(byte[] bytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The backup document as the reference's serializer writes it: compact, camelCase, nulls written. */
    byte[] toJson() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (com.fasterxml.jackson.core.JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeStringField("backupId", backupId);
            g.writeStringField("createdAt", dotNetTime(createdAt));
            g.writeStringField("objectId", objectId);
            g.writeStringField("objectName", objectName);
            g.writeNumberField("streamVersion", streamVersion);
            g.writeNumberField("eventCount", eventCount);
            g.writeArrayFieldStart("serializedEvents");
            for (String e : serializedEvents) {
                g.writeString(e);
            }
            g.writeEndArray();
            g.writeNullField("serializedObjectDocument");
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * {@code e} as the reference's {@code JsonEvent} serializes it: {@code Payload} (the payload's text, as a
     * string) first, {@code type}, {@code version}, {@code schemaVersion} unless it is 1, {@code exseq},
     * {@code action} with PascalCase members ({@code {}} when none), {@code Metadata} ({@code {}} when none). The
     * event's {@code timestamp} and unknown members have no place there.
     */
    static String serialize(Event e) {
        ObjectNode n = Json.objectNode();
        n.put("Payload", e.payload().text());
        n.put("type", e.eventType());
        n.put("version", e.eventVersion());
        if (e.schemaVersion() != null && e.schemaVersion() != 1) {
            n.put("schemaVersion", e.schemaVersion());
        }
        if (e.externalSequencer() != null) {
            n.put("exseq", e.externalSequencer());
        }
        ObjectNode action = n.putObject("action");
        JsonNode tree = Json.tree(eventJson(e)).path("action");
        tree.fields().forEachRemaining(f -> {
            if (!f.getValue().isNull()) {
                action.set(Character.toUpperCase(f.getKey().charAt(0)) + f.getKey().substring(1), f.getValue());
            }
        });
        ObjectNode metadata = n.putObject("Metadata");
        if (e.metadata() != null) {
            e.metadata().forEach((k, v) -> {
                if (v != null) {
                    metadata.put(k, v);
                }
            });
        }
        return Json.text(n);
    }

    private static byte[] eventJson(Event e) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Event shell = new Event(e.eventType(), e.eventVersion(), e.schemaVersion(), e.externalSequencer(), e.action(),
                e.metadata(), "null", e.timestamp(), e.extra());
        try (com.fasterxml.jackson.core.JsonGenerator g = Json.generator(out)) {
            EventCodec.write(g, shell);
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    /** An instant as .NET writes a UTC DateTimeOffset: at most 7 fraction digits, trailing zeros trimmed, +00:00. */
    static String dotNetTime(Instant t) {
        Instant ticks = t.truncatedTo(java.time.temporal.ChronoUnit.MICROS).plusNanos(t.getNano() % 1000 / 100 * 100);
        String s = java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                ticks.atOffset(java.time.ZoneOffset.UTC).toLocalDateTime());
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s + "+00:00";
    }

    static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    private static byte[] gunzip(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ArchiveFormatException("reference backup starts as gzip but cannot be unzipped: "
                    + e.getMessage(), e);
        }
    }
}
