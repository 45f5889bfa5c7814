package io.esbackup.azure;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.model.json.Json;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Columns this version does not know, kept as JSON so a restore writes them back with their Edm types:
 * {@code {"Name": {"type": "Edm.Int64", "value": "42"}}}. Int64 values are strings (JSON numbers lose digits in
 * many readers), binary values Base64, dates ISO-8601 in UTC.
 */
final class TableColumns {
    /** Set by the service on every entity: never written, never kept. */
    static final Set<String> SYSTEM = Set.of("PartitionKey", "RowKey", "Timestamp", "odata.etag");

    private TableColumns() {}

    /** The entity's columns other than {@code known} and the system ones, or {@code null} if there are none. */
    static ObjectNode unknown(TableEntity entity, Set<String> known) {
        ObjectNode columns = null;
        for (Map.Entry<String, Object> p : entity.getProperties().entrySet()) {
            String name = p.getKey();
            if (SYSTEM.contains(name) || known.contains(name) || name.startsWith("odata.") || name.contains("@odata")
                    || p.getValue() == null) {
                continue;
            }
            if (columns == null) {
                columns = Json.objectNode();
            }
            columns.set(name, typed(p.getValue()));
        }
        return columns;
    }

    /** Adds the columns kept by {@link #unknown} to {@code entity}, unless it has one of that name already. */
    static void restore(TableEntity entity, JsonNode columns) {
        if (columns == null || !columns.isObject()) {
            return;
        }
        columns.fields().forEachRemaining(c -> {
            if (!SYSTEM.contains(c.getKey()) && entity.getProperty(c.getKey()) == null) {
                entity.addProperty(c.getKey(), value(c.getKey(), c.getValue()));
            }
        });
    }

    static String dateText(OffsetDateTime t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static ObjectNode typed(Object v) {
        ObjectNode n = Json.objectNode();
        if (v instanceof String s) {
            n.put("type", "Edm.String").put("value", s);
        } else if (v instanceof Integer i) {
            n.put("type", "Edm.Int32").put("value", i);
        } else if (v instanceof Long l) {
            n.put("type", "Edm.Int64").put("value", Long.toString(l));
        } else if (v instanceof Double d) {
            n.put("type", "Edm.Double").put("value", Double.toString(d));
        } else if (v instanceof Boolean b) {
            n.put("type", "Edm.Boolean").put("value", b);
        } else if (v instanceof byte[] b) {
            n.put("type", "Edm.Binary").put("value", Base64.getEncoder().encodeToString(b));
        } else if (v instanceof OffsetDateTime t) {
            n.put("type", "Edm.DateTime").put("value", dateText(t));
        } else if (v instanceof UUID u) {
            n.put("type", "Edm.Guid").put("value", u.toString());
        } else {
            n.put("type", "Edm.String").put("value", String.valueOf(v));
        }
        return n;
    }

    private static Object value(String name, JsonNode n) {
        String type = n.path("type").asText();
        JsonNode v = n.path("value");
        return switch (type) {
            case "Edm.String" -> v.asText();
            case "Edm.Int32" -> v.asInt();
            case "Edm.Int64" -> Long.parseLong(v.asText());
            case "Edm.Double" -> Double.parseDouble(v.asText());
            case "Edm.Boolean" -> v.asBoolean();
            case "Edm.Binary" -> Base64.getDecoder().decode(v.asText());
            case "Edm.DateTime" -> OffsetDateTime.parse(v.asText());
            case "Edm.Guid" -> UUID.fromString(v.asText());
            default -> throw new IllegalArgumentException("kept column " + name + " has an unknown type '" + type + "'");
        };
    }
}
