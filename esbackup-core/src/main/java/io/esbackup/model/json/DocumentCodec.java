package io.esbackup.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamChunk;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps an object document to and from the reference's JSON (camelCase names, {@code snapShots},
 * {@code eventOccuredAt}). Documents are small, so this works on trees; unknown properties at every
 * level are kept in the records' {@code extra} maps and written back after the known ones.
 */
public final class DocumentCodec {
    private static final JsonNodeFactory F = Json.nodes();
    private static final Set<String> DOCUMENT = Set.of("objectId", "objectName", "active", "terminatedStreams",
            "schemaVersion", "hash", "prevHash");
    private static final Set<String> STREAM = Set.of("streamIdentifier", "streamType", "currentStreamVersion",
            "chunkSettings", "streamChunks", "snapShots");
    private static final Set<String> CHUNK_SETTINGS = Set.of("chunkSize", "enableChunks");
    private static final Set<String> CHUNK = Set.of("id", "first", "last");
    private static final Set<String> SNAPSHOT = Set.of("untilVersion", "name");
    private static final Set<String> TERMINATED = Set.of("streamIdentifier", "streamType", "reason",
            "continuationStreamId", "terminationDate", "streamVersion", "deleted", "deletionDate", "metadata");

    private DocumentCodec() {}

    public static ObjectDocument fromBytes(byte[] json) {
        return fromTree(Json.tree(json));
    }

    public static byte[] toBytes(ObjectDocument document) {
        return Json.bytes(toTree(document));
    }

    public static ObjectDocument fromTree(JsonNode n) {
        requireObject(n, "object document");
        List<TerminatedStream> terminated = new ArrayList<>();
        for (JsonNode t : array(n, "terminatedStreams")) {
            terminated.add(terminated(t));
        }
        return new ObjectDocument(text(n, "objectId"), text(n, "objectName"), stream(n.get("active")), terminated,
                text(n, "schemaVersion"), text(n, "hash"), text(n, "prevHash"), extra(n, DOCUMENT));
    }

    public static ObjectNode toTree(ObjectDocument d) {
        ObjectNode n = F.objectNode();
        n.put("objectId", d.objectId());
        n.put("objectName", d.objectName());
        n.set("active", streamTree(d.active()));
        ArrayNode terminated = n.putArray("terminatedStreams");
        for (TerminatedStream t : d.terminatedStreams()) {
            terminated.add(terminatedTree(t));
        }
        n.put("schemaVersion", d.schemaVersion());
        n.put("hash", d.hash());
        n.put("prevHash", d.prevHash());
        d.extra().forEach(n::set);
        return n;
    }

    public static StreamInformation stream(JsonNode n) {
        requireObject(n, "active stream");
        List<StreamChunk> chunks = new ArrayList<>();
        for (JsonNode c : array(n, "streamChunks")) {
            requireObject(c, "stream chunk");
            chunks.add(new StreamChunk(integer(c, "id", 0), integer(c, "first", 0), integer(c, "last", -1),
                    extra(c, CHUNK)));
        }
        List<SnapshotRef> snapshots = new ArrayList<>();
        for (JsonNode s : array(n, "snapShots")) {
            snapshots.add(snapshot(s));
        }
        // An explicit "chunkSettings": null stays in extra() and is written back as null; absent stays absent.
        JsonNode cs = n.get("chunkSettings");
        ChunkSettings settings = cs == null || cs.isNull() ? null
                : new ChunkSettings(integer(cs, "chunkSize", 0), cs.path("enableChunks").asBoolean(false),
                        extra(cs, CHUNK_SETTINGS));
        return new StreamInformation(text(n, "streamIdentifier"), text(n, "streamType"),
                integer(n, "currentStreamVersion", -1), settings, chunks, snapshots,
                extraWithNull(n, STREAM, "chunkSettings"));
    }

    public static ObjectNode streamTree(StreamInformation s) {
        ObjectNode n = F.objectNode();
        n.put("streamIdentifier", s.streamIdentifier());
        n.put("streamType", s.streamType());
        n.put("currentStreamVersion", s.currentStreamVersion());
        if (s.chunkSettings() != null) {
            ObjectNode cs = n.putObject("chunkSettings");
            cs.put("chunkSize", s.chunkSettings().chunkSize());
            cs.put("enableChunks", s.chunkSettings().enableChunks());
            s.chunkSettings().extra().forEach(cs::set);
        }
        ArrayNode chunks = n.putArray("streamChunks");
        for (StreamChunk c : s.streamChunks()) {
            ObjectNode cn = chunks.addObject().put("id", c.id()).put("first", c.first()).put("last", c.last());
            c.extra().forEach(cn::set);
        }
        ArrayNode snapshots = n.putArray("snapShots");
        for (SnapshotRef r : s.snapShots()) {
            snapshots.add(snapshotTree(r));
        }
        s.extra().forEach(n::set);
        return n;
    }

    public static SnapshotRef snapshot(JsonNode n) {
        requireObject(n, "snapshot");
        return new SnapshotRef(integer(n, "untilVersion", 0), text(n, "name"), extra(n, SNAPSHOT));
    }

    public static ObjectNode snapshotTree(SnapshotRef r) {
        ObjectNode n = F.objectNode().put("untilVersion", r.untilVersion()).put("name", r.name());
        r.extra().forEach(n::set);
        return n;
    }

    public static TerminatedStream terminated(JsonNode n) {
        requireObject(n, "terminated stream");
        JsonNode version = n.get("streamVersion");
        JsonNode metadata = n.get("metadata");
        return new TerminatedStream(text(n, "streamIdentifier"), text(n, "streamType"), text(n, "reason"),
                text(n, "continuationStreamId"), text(n, "terminationDate"),
                version == null || version.isNull() ? null : version.asInt(),
                n.path("deleted").asBoolean(false), text(n, "deletionDate"),
                metadata == null || metadata.isNull() ? null : metadata, extra(n, TERMINATED));
    }

    public static ObjectNode terminatedTree(TerminatedStream t) {
        ObjectNode n = F.objectNode();
        n.put("streamIdentifier", t.streamIdentifier());
        n.put("streamType", t.streamType());
        n.put("reason", t.reason());
        n.put("continuationStreamId", t.continuationStreamId());
        n.put("terminationDate", t.terminationDate());
        n.put("streamVersion", t.streamVersion());
        n.put("deleted", t.deleted());
        n.put("deletionDate", t.deletionDate());
        n.set("metadata", t.metadata());
        t.extra().forEach(n::set);
        return n;
    }

    private static Map<String, JsonNode> extra(JsonNode n, Set<String> known) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!known.contains(f.getKey())) {
                extra.put(f.getKey(), f.getValue());
            }
        }
        return extra;
    }

    /** Like {@link #extra}, but keeps {@code field} when it is present as an explicit JSON null. */
    private static Map<String, JsonNode> extraWithNull(JsonNode n, Set<String> known, String field) {
        Map<String, JsonNode> extra = extra(n, known);
        JsonNode v = n.get(field);
        if (v != null && v.isNull()) {
            extra.put(field, v);
        }
        return extra;
    }

    private static Iterable<JsonNode> array(JsonNode n, String field) {
        JsonNode a = n.get(field);
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be an array");
        }
        return a;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isTextual() ? v.textValue() : v.toString();
    }

    private static int integer(JsonNode n, String field, int missing) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return missing;
        }
        if (!v.canConvertToInt()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer, was " + v);
        }
        return v.asInt();
    }

    private static void requireObject(JsonNode n, String what) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
    }
}
