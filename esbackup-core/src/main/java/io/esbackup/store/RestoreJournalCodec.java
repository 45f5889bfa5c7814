package io.esbackup.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.model.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@link RestoreJournalEntry} as JSON, the one shape every journal stores (a blob per entry, a table row's
 * column), so an entry written by one kind of store reads the same everywhere.
 */
public final class RestoreJournalCodec {
    private RestoreJournalCodec() {}

    /**
     * An entry in either shape: {@code targets} (this version), or the single aggregate's
     * {@code objectName}, {@code objectId} and {@code streams} at the top, as versions before group commit
     * wrote them, so a restore killed under an older version is still swept.
     */
    public static RestoreJournalEntry parse(JsonNode n) {
        List<RestoreTarget> targets = new ArrayList<>();
        if (n.has("targets")) {
            n.path("targets").forEach(t -> targets.add(target(t)));
        } else {
            targets.add(target(n));
        }
        return new RestoreJournalEntry(UUID.fromString(n.path("runId").asText()), targets,
                Instant.parse(n.path("startedAt").asText()), RestoreJournalEntry.Phase.valueOf(n.path("phase").asText()));
    }

    private static RestoreTarget target(JsonNode n) {
        List<String> streams = new ArrayList<>();
        n.path("streams").forEach(s -> streams.add(s.asText()));
        return new RestoreTarget(n.path("objectName").asText(), n.path("objectId").asText(), streams);
    }

    public static byte[] bytes(RestoreJournalEntry e) {
        ObjectNode n = Json.objectNode()
                .put("runId", e.runId().toString())
                .put("startedAt", e.startedAt().toString())
                .put("phase", e.phase().name());
        ArrayNode targets = n.putArray("targets");
        for (RestoreTarget t : e.targets()) {
            ObjectNode target = targets.addObject().put("objectName", t.objectName()).put("objectId", t.objectId());
            ArrayNode streams = target.putArray("streams");
            t.streams().forEach(streams::add);
        }
        return Json.bytes(n);
    }

}
