package io.esbackup.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.model.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and writes {@link BackupManifest} as the JSON docs/FORMAT.md specifies. */
public final class ManifestCodec {
    private ManifestCodec() {}

    public static byte[] toBytes(BackupManifest m) {
        ObjectNode n = Json.objectNode();
        n.put("format", ArchiveFormat.MANIFEST);
        n.put("formatVersion", m.formatVersion());
        n.put("backupId", m.backupId());
        n.put("objectName", m.objectName());
        n.put("objectId", m.objectId());
        n.put("streamIdentifier", m.streamIdentifier());
        n.put("streamVersion", m.streamVersion());
        n.put("eventCount", m.eventCount());
        n.put("createdAt", m.createdAt().toString());
        n.put("expiresAt", m.expiresAt() == null ? null : m.expiresAt().toString());
        n.put("description", m.description());
        ObjectNode tags = n.putObject("tags");
        m.tags().forEach(tags::put);
        ObjectNode includes = n.putObject("includes");
        includes.put("events", true);
        includes.put("snapshots", m.includesSnapshots());
        includes.put("objectDocument", m.includesObjectDocument());
        includes.put("terminatedStreams", m.includesTerminatedStreams());
        n.put("snapshotCount", m.snapshotCount());
        n.put("terminatedStreamCount", m.terminatedStreamCount());
        n.put("compression", m.compression().wireName());
        n.put("storedSize", m.storedSize());
        n.put("sha256", m.sha256());
        n.put("location", m.location());
        n.put("toolVersion", m.toolVersion());
        ChainLink c = m.chain();
        if (c != null) {
            if (c.isDelta()) {
                n.put("parentBackupId", c.parentBackupId());
                n.put("baseVersion", c.baseVersion());
                n.put("chainLength", c.chainLength());
            }
            if (c.isSealed()) {
                n.put("sealedChain", c.sealed());
            } else {
                putSeen(n, c);
            }
        }
        EncryptionInfo e = m.encryption();
        if (e != null) {
            ObjectNode enc = n.putObject("encryption");
            enc.put("algorithm", e.algorithm());
            enc.put("dataKey", e.dataKey());
            enc.put("dataKeyId", e.dataKeyId());
            enc.put("kekKeyId", e.kekKeyId());
        }
        return Json.bytes(n);
    }

    /** Parses a manifest; throws {@link ArchiveFormatException} naming what is wrong. */
    public static BackupManifest fromBytes(byte[] bytes) {
        JsonNode n;
        try {
            n = Json.readTree(bytes);
        } catch (Exception e) {
            throw new ArchiveFormatException("manifest is not valid JSON: " + Json.describe(e), e);
        }
        if (n == null || !n.isObject() || !ArchiveFormat.MANIFEST.equals(n.path("format").asText())) {
            throw new ArchiveFormatException("not an esbackup manifest (format must be '" + ArchiveFormat.MANIFEST
                    + "')");
        }
        int version = n.path("formatVersion").asInt(-1);
        ArchiveFormat.requireSupported("manifest", version);
        Map<String, String> tags = new LinkedHashMap<>();
        n.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        JsonNode inc = n.path("includes");
        try {
            return new BackupManifest(version, required(n, "backupId"), required(n, "objectName"),
                    required(n, "objectId"), required(n, "streamIdentifier"), n.path("streamVersion").asInt(-1),
                    n.path("eventCount").asLong(0), Instant.parse(required(n, "createdAt")),
                    optionalInstant(n, "expiresAt"), text(n, "description"), tags,
                    inc.path("snapshots").asBoolean(false), inc.path("objectDocument").asBoolean(false),
                    inc.path("terminatedStreams").asBoolean(false), n.path("snapshotCount").asInt(0),
                    n.path("terminatedStreamCount").asInt(0), Compression.fromWireName(required(n, "compression")),
                    n.path("storedSize").asLong(-1), required(n, "sha256"), text(n, "location"),
                    text(n, "toolVersion"), chain(n, version), encryption(n, version));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ArchiveFormatException("manifest is not valid: " + Json.describe(e), e);
        }
    }

    /**
     * What the manifest records for incremental backups: a delta (version 2) must name its parent and base; a
     * full backup may record what it saw of the stream (a version-1 reader ignores those members).
     */
    private static ChainLink chain(JsonNode n, int version) {
        // From version 3 (encryption) on, a delta is told by its parent, full and delta backups sharing a version.
        boolean delta = version == ArchiveFormat.DELTA_VERSION
                || version >= ArchiveFormat.ENCRYPTED_VERSION && text(n, "parentBackupId") != null;
        if (delta) {
            String parent = required(n, "parentBackupId");
            if (!n.path("baseVersion").canConvertToInt() || !n.path("chainLength").canConvertToInt()) {
                throw new ArchiveFormatException("a delta manifest (format version 2) lacks 'baseVersion' or "
                        + "'chainLength'");
            }
            return link(n, version, parent, n.path("baseVersion").asInt(), n.path("chainLength").asInt());
        }
        if (!n.has("lastEventSha256") && !n.has("streamFingerprint") && !n.has("documentSha256")
                && !n.has("sealedChain")) {
            return null;
        }
        return link(n, version, null, 0, 0);
    }

    /** Only an encrypted manifest (version 3) may seal what it saw of the stream (FORMAT.md section 20). */
    private static ChainLink link(JsonNode n, int version, String parent, int baseVersion, int chainLength) {
        String sealed = text(n, "sealedChain");
        if (sealed != null) {
            if (version < ArchiveFormat.ENCRYPTED_VERSION) {
                throw new ArchiveFormatException("only an encrypted manifest (format version 3) has 'sealedChain'");
            }
            return new ChainLink(parent, baseVersion, chainLength, null, null, null, null, sealed);
        }
        return new ChainLink(parent, baseVersion, chainLength, text(n, "lastEventSha256"),
                text(n, "streamFingerprint"), text(n, "documentSha256"), text(n, "documentEtag"));
    }

    /** What {@code link} saw of the stream, as the plaintext an encrypted manifest seals (FORMAT.md section 20). */
    public static byte[] seenBytes(ChainLink link) {
        ObjectNode n = Json.objectNode();
        putSeen(n, link);
        return Json.bytes(n);
    }

    /** {@code sealed} with what it saw of the stream read from {@code plaintext}, the bytes its seal opened to. */
    public static ChainLink openedWith(ChainLink sealed, byte[] plaintext) {
        JsonNode n;
        try {
            n = Json.readTree(plaintext);
        } catch (Exception e) {
            throw new ArchiveFormatException("sealed chain is not valid JSON: " + Json.describe(e), e);
        }
        if (n == null || !n.isObject()) {
            throw new ArchiveFormatException("sealed chain is not a JSON object");
        }
        return sealed.opened(new ChainLink(null, 0, 0, text(n, "lastEventSha256"), text(n, "streamFingerprint"),
                text(n, "documentSha256"), text(n, "documentEtag")));
    }

    private static void putSeen(ObjectNode n, ChainLink c) {
        n.put("lastEventSha256", c.lastEventSha256());
        n.put("streamFingerprint", c.streamFingerprint());
        n.put("documentSha256", c.documentSha256());
        n.put("documentEtag", c.documentEtag());
    }

    /** Version 3 and only version 3 names its encryption (FORMAT.md section 20). */
    private static EncryptionInfo encryption(JsonNode n, int version) {
        JsonNode e = n.get("encryption");
        if (version < ArchiveFormat.ENCRYPTED_VERSION) {
            return null;
        }
        if (e == null || !e.isObject()) {
            throw new ArchiveFormatException("an encrypted backup's manifest (format version 3) lacks 'encryption'");
        }
        return new EncryptionInfo(text(e, "algorithm"), text(e, "dataKey"), text(e, "dataKeyId"),
                text(e, "kekKeyId"));
    }

    private static String required(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null) {
            throw new ArchiveFormatException("manifest lacks '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant optionalInstant(JsonNode n, String field) {
        String v = text(n, field);
        return v == null ? null : Instant.parse(v);
    }
}
