package io.esbackup.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.model.json.Json;
import java.io.IOException;

/**
 * The JSON of a job's run record (docs/FORMAT.md, section 19):
 * {@code {"job","owner","startedAt","finishedAt","succeeded","message","lastSucceededAt"}}. Unknown members are
 * ignored, so a later version may add some.
 */
final class JobRunDocument {
    private JobRunDocument() {}

    static byte[] bytes(String job, JobRun run) {
        ObjectNode node = Json.objectNode().put("job", job).put("owner", run.owner())
                .put("startedAt", run.startedAt().toString()).put("finishedAt", run.finishedAt().toString())
                .put("succeeded", run.succeeded()).put("message", run.message());
        if (run.lastSucceededAt() != null) {
            node.put("lastSucceededAt", run.lastSucceededAt().toString());
        }
        return Json.bytes(node);
    }

    /** The run in {@code bytes}, stored at the key of {@code job}; an IOException says what is wrong. */
    static JobRun parse(byte[] bytes, String job) throws IOException {
        JsonNode node = Json.readTree(bytes);
        if (!node.isObject()) {
            throw new IOException("not a JSON object");
        }
        if (!job.equals(node.path("job").textValue())) {
            throw new IOException("does not name job '" + job + "'");
        }
        JsonNode succeeded = node.get("succeeded");
        if (succeeded == null || !succeeded.isBoolean()) {
            throw new IOException("member 'succeeded' is missing or not true or false");
        }
        JsonNode last = node.get("lastSucceededAt");
        return new JobRun(LeaseDocument.text(node, "owner"), LeaseDocument.instant(node, "startedAt"),
                LeaseDocument.instant(node, "finishedAt"),
                succeeded.booleanValue(), node.path("message").asText(""),
                last == null || last.isNull() ? null : LeaseDocument.instant(node, "lastSucceededAt"));
    }
}
