package io.esbackup.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.model.ActionMetadata;
import io.esbackup.model.Event;
import io.esbackup.model.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Order events of a realistic shape, about 400 bytes of JSON each as a store writes them: nested payloads,
 * uuids, decimals with trailing zeros, non-ASCII text, metadata and action metadata.
 *
 * <p>Every event is a pure function of (seed, stream key, version), so a stream of any length is produced
 * lazily, one event at a time, and two runs with one seed produce the same bytes. Nothing is kept between
 * events, which is what lets a million-event stream be written without holding it.
 */
public final class EventGenerator {
    /** The seed the bench uses unless told otherwise. */
    public static final long DEFAULT_SEED = 20240917L;

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final Instant START = Instant.parse("2024-03-01T08:00:00Z");
    private static final String[] TYPES = {"OrderLineAdded", "OrderLineAdded", "OrderLineAdded", "DiscountApplied",
        "ShippingAddressChanged", "PaymentCaptured", "OrderShipped"};
    private static final String[][] PRODUCTS = {
        {"CAF-500", "Café crème, 500 g", "10.50"}, {"TEA-100", "Matcha 抹茶, 100 g", "24.90"},
        {"MUG-01", "Mug « Bonjour »", "7.25"}, {"CHO-72", "Chocolate 72 % cacao", "3.10"},
        {"GRN-01", "Burr grinder ☕", "89.00"}, {"BEA-1K", "Espresso beans — Sidamo", "32.40"},
        {"KET-08", "Gooseneck kettle, 0.8 l", "54.99"}, {"NAP-50", "Napkins ×50", "1.20"}};
    private static final String[][] CITIES = {
        {"Königstraße 12", "70173", "Stuttgart", "DE"}, {"Østre Allé 3", "2100", "København Ø", "DK"},
        {"ul. Żółkiewskiego 7", "31-539", "Kraków", "PL"}, {"Rue de l'Église 4", "69002", "Lyon", "FR"}};
    private static final List<JsonNode> USERS = List.of(user("u-1042"), user("u-2077"), user("svc-import"));

    private final long seed;

    public EventGenerator(long seed) {
        this.seed = seed;
    }

    /** The events of stream {@code streamKey} with versions {@code 0..count-1}, generated as iterated. */
    public Iterator<Event> events(String streamKey, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be zero or more, was " + count);
        }
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Event next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return event(streamKey, next++);
            }
        };
    }

    /** Event {@code version} of stream {@code streamKey}. */
    public Event event(String streamKey, int version) {
        SplittableRandom r = random(streamKey, version);
        String type = version == 0 ? "OrderCreated" : TYPES[r.nextInt(TYPES.length)];
        Instant at = START.plusSeconds(version * 37L + r.nextInt(30));
        String timestamp = TIMESTAMP.format(at.atOffset(ZoneOffset.UTC));
        String eventId = eventId(streamKey, version).toString();
        // The causation (the previous event's id) stands for the correlation too: two uuids per event, with
        // the event id, keep the envelope near what real stores hold and the whole event near 400 bytes.
        String causation = version == 0 ? null : eventId(streamKey, version - 1).toString();
        ActionMetadata action = new ActionMetadata(null, causation, USERS.get(r.nextInt(USERS.size())), null,
                Map.of());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("eventId", eventId);
        metadata.put("tenant", "acme-eu");
        return new Event(type, version, null, null, action, metadata, payload(type, streamKey, r), timestamp, Map.of());
    }

    private String payload(String type, String streamKey, SplittableRandom r) {
        StringBuilder p = new StringBuilder(256).append("{\"orderNo\":").append(streamKey.hashCode() & 0xFFFFF);
        String[] product = PRODUCTS[r.nextInt(PRODUCTS.length)];
        switch (type) {
            case "OrderCreated" -> {
                String[] a = CITIES[r.nextInt(CITIES.length)];
                p.append(",\"customer\":{\"customerId\":\"C-").append(10000 + r.nextInt(90000))
                        .append("\",\"name\":\"Zoë Müller-Łukasiewicz\",\"billingAddress\":");
                address(p, a).append("},\"currency\":\"EUR\",\"channel\":\"web\"");
            }
            case "OrderLineAdded" -> {
                int quantity = 1 + r.nextInt(5);
                p.append(",\"line\":{\"sku\":\"").append(product[0]).append("\",\"name\":\"").append(product[1])
                        .append("\",\"quantity\":").append(quantity).append(",\"unitPrice\":").append(product[2])
                        .append(",\"lineTotal\":")
                        .append(new java.math.BigDecimal(product[2]).multiply(java.math.BigDecimal.valueOf(quantity)))
                        .append('}');
            }
            case "DiscountApplied" -> p.append(",\"code\":\"WELCOME10\",\"percentage\":10,\"amount\":")
                    .append(cents(r)).append(",\"appliesTo\":[\"").append(product[0]).append("\"]");
            case "ShippingAddressChanged" -> {
                p.append(",\"shippingAddress\":");
                address(p, CITIES[r.nextInt(CITIES.length)]).append(",\"deliveryNote\":null");
            }
            case "PaymentCaptured" -> p.append(",\"amount\":").append(cents(r))
                    .append(",\"currency\":\"EUR\",\"method\":{\"type\":\"card\",\"last4\":\"4242\"},\"pspReference\":")
                    .append(Long.toUnsignedString(r.nextLong())).append(Long.toUnsignedString(r.nextLong()));
            default -> p.append(",\"carrier\":\"DHL\",\"parcels\":[{\"weightKg\":2.350,\"skus\":[\"")
                    .append(product[0]).append("\"]}],\"trackingId\":\"").append(uuid(streamKey, r.nextInt()))
                    .append('"');
        }
        return p.append('}').toString();
    }

    private static StringBuilder address(StringBuilder p, String[] a) {
        return p.append("{\"street\":\"").append(a[0].replace("'", "’")).append("\",\"postalCode\":\"").append(a[1])
                .append("\",\"city\":\"").append(a[2]).append("\",\"country\":\"").append(a[3]).append("\"}");
    }

    /** A positive amount with exactly two decimals, trailing zeros kept ({@code 12.50}). */
    private static String cents(SplittableRandom r) {
        int c = 100 + r.nextInt(99_900);
        return c / 100 + "." + (c % 100 < 10 ? "0" : "") + c % 100;
    }

    private UUID eventId(String streamKey, int version) {
        return uuid(streamKey, version);
    }

    private UUID uuid(String streamKey, int salt) {
        SplittableRandom r = random(streamKey, salt ^ 0x5bd1e995);
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    private SplittableRandom random(String streamKey, int version) {
        long h = seed * 0x9E3779B97F4A7C15L + streamKey.hashCode();
        return new SplittableRandom(h * 31 + version);
    }

    private static JsonNode user(String id) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("userId", id);
        return n;
    }
}
