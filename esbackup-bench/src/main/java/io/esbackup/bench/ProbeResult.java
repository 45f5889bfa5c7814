package io.esbackup.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.model.json.Json;

/**
 * What a {@link Probe} reports for one operation, as one JSON line on its stdout.
 *
 * @param items       events or streams the operation handled
 * @param outputBytes bytes it wrote (an archive, a compressed file), or 0
 * @param detail      anything the next step needs (the backup id of a backup), or empty
 */
public record ProbeResult(double seconds, long items, long outputBytes, long heapPeakBytes, long rssPeakBytes,
                          String detail) {

    String toJsonLine() {
        ObjectNode n = Json.mapper().createObjectNode().put("seconds", seconds).put("items", items)
                .put("outputBytes", outputBytes).put("heapPeakBytes", heapPeakBytes).put("rssPeakBytes", rssPeakBytes)
                .put("detail", detail);
        return n.toString();
    }

    static ProbeResult fromJson(String line) {
        JsonNode n = Json.tree(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new ProbeResult(n.path("seconds").asDouble(), n.path("items").asLong(), n.path("outputBytes").asLong(),
                n.path("heapPeakBytes").asLong(), n.path("rssPeakBytes").asLong(), n.path("detail").asText());
    }

    /** This result as a row of {@code scenario}, over {@code bytes} of input. */
    Measurement measurement(String scenario, String operation, Measurement.Kind kind, long bytes, String unit,
                            String note) {
        return new Measurement(scenario, operation, kind, seconds, bytes, items, unit, heapPeakBytes, rssPeakBytes,
                note);
    }
}
