package io.esbackup.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * How a manifest's fields become column values. PostgreSQL's {@code timestamptz} holds microseconds, so an
 * instant is split into its microsecond ({@code created_at}) and the nanoseconds past it
 * ({@code created_nanos}); the instants the registry keeps are those of years 1 to 9999, which the driver
 * carries faithfully. Tags are a jsonb object of strings, which cannot hold U+0000.
 */
final class Columns {
    static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Columns() {}

    /** {@code instant} rounded down to its microsecond, as a {@code timestamptz} value. */
    static OffsetDateTime micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** The nanoseconds of {@code instant} past its microsecond: 0 to 999. */
    static short nanos(Instant instant) {
        return (short) (instant.getNano() % 1000);
    }

    /**
     * An expiry as a {@code timestamptz}: no index query needs its nanoseconds (the manifest keeps them), and one
     * outside years 1 to 9999 is stored as {@code -infinity} or {@code infinity}, which sort the same way.
     */
    static OffsetDateTime expiry(Instant instant) {
        if (instant == null) {
            return null;
        }
        if (instant.isBefore(MIN_TIME)) {
            return OffsetDateTime.MIN;
        }
        return instant.isAfter(MAX_TIME) ? OffsetDateTime.MAX : micros(instant);
    }

    static boolean inRange(Instant instant) {
        return !instant.isBefore(MIN_TIME) && !instant.isAfter(MAX_TIME);
    }

    /** Whether jsonb can hold {@code tags}: no U+0000 in a key or a value. */
    static boolean storable(Map<String, String> tags) {
        return tags.entrySet().stream().noneMatch(e -> e.getKey().indexOf('\0') >= 0 || e.getValue().indexOf('\0') >= 0);
    }

    static String tagsJson(Map<String, String> tags) {
        ObjectNode node = Json.objectNode();
        tags.forEach(node::put);
        return new String(Json.bytes(node), StandardCharsets.UTF_8);
    }
}
