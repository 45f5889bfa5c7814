package io.esbackup.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A pack run's commit object, {@code packs/{run}/run.json}, written last: the run's entries exist exactly when
 * it does. It names the run's packs with their sizes, so a truncated pack or index is found out.
 */
record PackRunCommit(String run, Instant createdAt, List<Pack> packs) {
    static final String FORMAT = "esbackup-pack-run";

    /** One pack of the run: its number, entries (live ones among them) and the sizes of data and index. */
    record Pack(int number, int entries, int live, long packSize, long indexSize) {}

    PackRunCommit {
        packs = List.copyOf(packs);
    }

    byte[] toBytes() {
        ObjectNode root = Json.objectNode().put("format", FORMAT).put("formatVersion", PackIndex.VERSION)
                .put("run", run).put("createdAt", createdAt.toString());
        ArrayNode list = root.putArray("packs");
        for (Pack p : packs) {
            list.addObject().put("pack", p.number()).put("entries", p.entries()).put("live", p.live())
                    .put("packSize", p.packSize()).put("indexSize", p.indexSize());
        }
        return Json.bytes(root);
    }

    static PackRunCommit fromBytes(String key, byte[] bytes) {
        try {
            JsonNode n = Json.readTree(bytes);
            if (!FORMAT.equals(n.path("format").asText())) {
                throw new ArchiveFormatException("pack run " + key + " is not an " + FORMAT);
            }
            int version = n.path("formatVersion").asInt(-1);
            if (version != PackIndex.VERSION) {
                throw new ArchiveFormatException("pack run " + key + " has format version " + version
                        + ", this esbackup reads pack runs of version " + PackIndex.VERSION);
            }
            List<Pack> packs = new ArrayList<>();
            for (JsonNode p : n.path("packs")) {
                packs.add(new Pack(p.path("pack").asInt(), p.path("entries").asInt(), p.path("live").asInt(),
                        p.path("packSize").asLong(), p.path("indexSize").asLong()));
            }
            return new PackRunCommit(n.path("run").asText(), Instant.parse(n.path("createdAt").asText()), packs);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ArchiveFormatException a) {
                throw a;
            }
            throw new ArchiveFormatException("pack run " + key + " is damaged: " + e.getMessage(), e);
        }
    }
}
