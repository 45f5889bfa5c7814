package io.esbackup.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobKeys;
import io.esbackup.blob.WriteCondition;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RestoreJournal} on a {@link BlobStore}: one small JSON blob per restore run,
 * {@code {prefix}{runId}.json}, written create-only and then if-match, so the blob's ETag is the tag.
 * {@link BlobEventStore} keeps it under its document container ({@code object-document-store/.esbackup/restores/}),
 * where no object document can be: documents are one level below an object name, entries two.
 */
public final class BlobRestoreJournal implements RestoreJournal {
    private static final Logger LOG = LoggerFactory.getLogger(BlobRestoreJournal.class);

    private final BlobStore blobs;
    private final String prefix;

    /** A journal of blobs under {@code prefix}, which ends with {@code /}. */
    public BlobRestoreJournal(BlobStore blobs, String prefix) {
        if (blobs == null) {
            throw new IllegalArgumentException("blobs must not be null");
        }
        if (prefix == null || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must end with '/', was " + prefix);
        }
        BlobKeys.requireValidPrefix(prefix);
        this.blobs = blobs;
        this.prefix = prefix;
    }

    @Override
    public String record(RestoreJournalEntry entry) {
        require(entry);
        return blobs.write(key(entry.runId()), WriteCondition.createOnly(), bytes(entry)).etag();
    }

    @Override
    public String update(RestoreJournalEntry entry, String expectedTag) {
        require(entry);
        if (expectedTag == null || expectedTag.isBlank()) {
            throw new IllegalArgumentException("expectedTag must not be blank");
        }
        return blobs.write(key(entry.runId()), WriteCondition.ifMatch(expectedTag), bytes(entry)).etag();
    }

    @Override
    public boolean remove(UUID runId) {
        if (runId == null) {
            throw new IllegalArgumentException("runId must not be null");
        }
        return blobs.delete(key(runId));
    }

    @Override
    public Stream<JournaledRestore> listRestores() {
        return blobs.list(prefix)
                .filter(b -> b.key().endsWith(".json") && b.key().indexOf('/', prefix.length()) < 0)
                .map(this::read)
                .flatMap(Optional::stream);
    }

    private Optional<JournaledRestore> read(BlobInfo listed) {
        try {
            return blobs.read(listed.key()).map(blob -> {
                try (blob) {
                    RestoreJournalEntry entry = parse(Json.readTree(blob.content().readAllBytes()));
                    return new JournaledRestore(entry, blob.info().etag(), blob.info().lastModified());
                } catch (IOException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            });
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // Nothing may be removed on the word of an entry that cannot be read: it is left for a person.
            LOG.warn("Skipping unreadable restore journal entry {}: {}", listed.key(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * An entry in either shape: {@code targets} (this version), or the single aggregate's
     * {@code objectName}, {@code objectId} and {@code streams} at the top, as versions before group commit
     * wrote them, so a restore killed under an older version is still swept.
     */
    private static RestoreJournalEntry parse(JsonNode n) {
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

    private static byte[] bytes(RestoreJournalEntry e) {
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

    private String key(UUID runId) {
        return prefix + runId + ".json";
    }

    private static void require(RestoreJournalEntry entry) {
        if (entry == null) {
            throw new IllegalArgumentException("entry must not be null");
        }
    }
}
