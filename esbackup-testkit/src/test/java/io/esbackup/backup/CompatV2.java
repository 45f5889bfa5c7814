package io.esbackup.backup;

import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.EventStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * What the format-version-2 compatibility fixtures ({@code compat/v2}, written once by
 * {@link CompatV2FixtureWriter}, read forever by {@link CompatV2Test}) hold: packed runs, deltas in packs and
 * a delta of its own whose parent is packed, and a deleted packed backup.
 */
final class CompatV2 {
    static final String ROOT = "/compat/v2/";
    static final String OBJECT_NAME = "Order";
    static final int AGGREGATES = 12;
    static final Instant FIRST_RUN = Instant.parse("2026-12-01T02:00:00Z");
    /** After every backup of the fixture, before any grace period ran out. */
    static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");

    private CompatV2() {}

    static String objectId(int i) {
        return "v2-order-" + i;
    }

    /** A digest of a stream's events: versions, types, payload bytes, timestamps and metadata, in order. */
    static String eventsSha256(EventStore store, ObjectDocument doc) {
        List<Event> events = Streams.readAll(store, doc.objectName(), doc.active());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Event e : events) {
                sha.update((e.eventVersion() + "|" + e.eventType() + "|" + e.timestamp() + "|" + e.metadata() + "|")
                        .getBytes(StandardCharsets.UTF_8));
                sha.update(e.payload().toUtf8());
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
