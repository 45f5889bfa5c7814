package io.esbackup.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The JSON of a job's lease object (docs/FORMAT.md, section 19):
 * {@code {"job","owner","acquiredAt","expiresAt","released"}}. Unknown members are ignored, so a later version
 * may add some.
 */
record LeaseDocument(String job, String owner, Instant acquiredAt, Instant expiresAt, boolean released) {

    /** Whether someone holds the lease at {@code now}: not released and not expired. */
    boolean heldAt(Instant now) {
        return !released && expiresAt.isAfter(now);
    }

    LeaseDocument renewedUntil(Instant until) {
        return new LeaseDocument(job, owner, acquiredAt, until, false);
    }

    LeaseDocument asReleased() {
        return new LeaseDocument(job, owner, acquiredAt, expiresAt, true);
    }

    byte[] bytes() {
        return Json.bytes(Json.objectNode().put("job", job).put("owner", owner)
                .put("acquiredAt", acquiredAt.toString()).put("expiresAt", expiresAt.toString())
                .put("released", released));
    }

    /**
     * The lease in {@code bytes}, stored at the key of {@code job}.
     *
     * @throws IOException saying what is wrong: not JSON, a member missing or of the wrong type, another job's
     */
    static LeaseDocument parse(byte[] bytes, String job) throws IOException {
        JsonNode node = Json.readTree(bytes);
        if (!node.isObject()) {
            throw new IOException("not a JSON object");
        }
        LeaseDocument lease = new LeaseDocument(text(node, "job"), text(node, "owner"), instant(node, "acquiredAt"),
                instant(node, "expiresAt"), bool(node, "released"));
        if (!lease.job().equals(job)) {
            throw new IOException("names job '" + lease.job() + "', not '" + job + "'");
        }
        return lease;
    }

    /** Member {@code member} of {@code node} as a string; an IOException naming it if it is missing or not one. */
    static String text(JsonNode node, String member) throws IOException {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual()) {
            throw new IOException("member '" + member + "' is missing or not a string");
        }
        return value.textValue();
    }

    /** Member {@code member} of {@code node} as an ISO-8601 instant; an IOException naming it otherwise. */
    static Instant instant(JsonNode node, String member) throws IOException {
        String text = text(node, member);
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw new IOException("member '" + member + "' is not an ISO-8601 instant: " + text, e);
        }
    }

    private static boolean bool(JsonNode node, String member) throws IOException {
        JsonNode value = node.get(member);
        if (value == null || !value.isBoolean()) {
            throw new IOException("member '" + member + "' is missing or not true or false");
        }
        return value.booleanValue();
    }
}
