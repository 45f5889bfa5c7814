package io.esbackup.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.archive.ArchiveFormatException;
import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.StorageException;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * The reference library's registry, {@code backup-registry.json}: one JSON document {@code {"entries":[...]}}
 * that every change rewrites. The reference rewrites it with no condition, so concurrent writers lose entries;
 * esbackup changes it only on the ETag it read and tries again when another writer came first, so none is lost.
 */
final class ReferenceRegistryFile {
    static final String BLOB = "backup-registry.json";
    /** Tries before a change gives up: each lost race means another writer's change went in. */
    private static final int TRIES = 50;

    private final BlobStore store;

    ReferenceRegistryFile(BlobStore store) {
        this.store = store;
    }

    /** The entries by backup id (the last of several with one id, as the reference appends duplicates). */
    Map<String, JsonNode> entries() {
        return read().map(r -> byId(r.document())).orElseGet(LinkedHashMap::new);
    }

    /** Puts {@code entry} in place of any with its backup id. */
    void put(ObjectNode entry) {
        String id = entry.path("backupId").asText();
        change(entries -> {
            entries.remove(id);
            entries.put(id, entry);
            return entries;
        });
    }

    /** Removes the entries of {@code backupId}; returns whether there were any. */
    boolean remove(String backupId) {
        boolean[] had = {false};
        change(entries -> {
            had[0] = entries.remove(backupId) != null;
            return had[0] ? entries : null;
        });
        return had[0];
    }

    /** Applies {@code edit} (returning {@code null}: nothing to write) on the ETag read, again after a lost race. */
    private void change(UnaryOperator<Map<String, JsonNode>> edit) {
        for (int attempt = 1; ; attempt++) {
            Optional<Read> current = read();
            Map<String, JsonNode> edited = edit.apply(current.map(r -> byId(r.document()))
                    .orElseGet(LinkedHashMap::new));
            if (edited == null) {
                return;
            }
            ObjectNode doc = current.map(Read::document).map(ObjectNode::deepCopy).orElseGet(Json::objectNode);
            ArrayNode list = doc.putArray("entries");
            edited.values().forEach(list::add);
            try {
                store.write(BLOB, current.map(r -> WriteCondition.ifMatch(r.etag())).orElse(WriteCondition.createOnly()),
                        Json.bytes(doc));
                return;
            } catch (ConflictException | AlreadyExistsException e) {
                if (attempt == TRIES) {
                    throw new ConflictException("the reference's " + BLOB + " kept changing under " + TRIES
                            + " tries to update it", e);
                }
                sleepBriefly(attempt);
            }
        }
    }

    private record Read(ObjectNode document, String etag) {}

    private Optional<Read> read() {
        Optional<Blob> blob = store.read(BLOB);
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        try (Blob b = blob.get(); InputStream in = b.content()) {
            JsonNode n = Json.readTree(in.readAllBytes());
            ObjectNode doc = n.isObject() ? (ObjectNode) n : Json.objectNode();
            return Optional.of(new Read(doc, b.info().etag()));
        } catch (IOException e) {
            if (e instanceof com.fasterxml.jackson.core.JacksonException) {
                throw new ArchiveFormatException("the reference's " + BLOB + " is not JSON: " + Json.describe(e), e);
            }
            throw new StorageException("reading " + BLOB, e);
        }
    }

    private static Map<String, JsonNode> byId(ObjectNode doc) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        for (JsonNode e : doc.path("entries")) {
            entries.remove(e.path("backupId").asText());
            entries.put(e.path("backupId").asText(), e);
        }
        return entries;
    }

    private static void sleepBriefly(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(5, 5 + 10 * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("interrupted while updating the reference's " + BLOB);
        }
    }
}
