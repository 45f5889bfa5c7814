package io.esbackup.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Helpers for the "unknown properties" map every model record carries: JSON properties this version
 * does not know are kept in insertion order and written back unchanged, so a round trip never drops
 * a field a newer writer added.
 */
public final class Extras {
    private Extras() {}

    /**
     * An immutable, order-keeping copy without the names in {@code setFields}: a known field that has a
     * value is written from the record, so an extra of the same name (an explicit null kept as read)
     * must not be written as well.
     */
    public static Map<String, JsonNode> copyWithout(Map<String, JsonNode> extra, String... setFields) {
        if (extra == null || extra.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<String, JsonNode> copy = new LinkedHashMap<>(extra);
        for (String f : setFields) {
            if (f != null) {
                copy.remove(f);
            }
        }
        return Collections.unmodifiableMap(copy);
    }

    /** An immutable, order-keeping copy; {@code null} becomes empty. */
    public static Map<String, JsonNode> copy(Map<String, JsonNode> extra) {
        if (extra == null || extra.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }
}
