package io.esbackup.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.model.ActionMetadata;
import io.esbackup.model.Event;
import io.esbackup.model.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays out a realistic web-shop order as events, one call per business step, and keeps the order's
 * state so snapshots can be taken. Payloads have what real ones have: decimals with trailing zeros
 * ({@code 10.50}), nested objects, arrays, non-ASCII text and a 30-digit number.
 */
final class OrderScript {
    private record Product(String sku, String name, BigDecimal unitPrice) {}

    private record Line(Product product, int quantity) {
        BigDecimal amount() {
            return product.unitPrice().multiply(BigDecimal.valueOf(quantity));
        }
    }

    private static final List<Product> CATALOG = List.of(
            product("CAF-500", "Café crème, 500 g", "10.50"),
            product("TEA-100", "Matcha 抹茶, 100 g", "24.90"),
            product("MUG-01", "Mug « Bonjour »", "7.25"),
            product("CHO-72", "Chocolate 72 % cacao", "3.10"),
            product("SUG-1K", "Sugar cubes, 1 kg", "2.00"),
            product("FIL-04", "Coffee filters No. 4", "1.95"),
            product("GRN-01", "Burr grinder ☕", "89.00"),
            product("KET-08", "Gooseneck kettle, 0.8 l", "54.99"),
            product("SCA-01", "Kitchen scale, 0.1 g", "19.90"),
            product("BEA-1K", "Espresso beans, 1 kg — Sidamo", "32.40"),
            product("SYR-VA", "Vanilla syrup, 250 ml", "6.75"),
            product("NAP-50", "Napkins ×50", "1.20"));
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final String orderId;
    private final CliEnvironment environment;
    private final String correlationId;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Line> lines = new LinkedHashMap<>();
    private Instant at;
    private int version = -1;
    private int nextProduct;
    private BigDecimal discount = BigDecimal.ZERO.setScale(2);
    private String status = "draft";
    private String previousEventId;

    OrderScript(String orderId, Instant start, CliEnvironment environment) {
        this.orderId = orderId;
        this.at = start;
        this.environment = environment;
        this.correlationId = environment.randomUuid().toString();
    }

    private static Product product(String sku, String name, String price) {
        return new Product(sku, name, new BigDecimal(price));
    }

    OrderScript created() {
        ObjectNode p = payload();
        ObjectNode customer = p.putObject("customer");
        customer.put("customerId", "C-20417").put("name", "Zoë Müller-Łukasiewicz").put("email", "zoe@example.com");
        address(customer.putObject("billingAddress"), "Königstraße 12", "70173", "Stuttgart", "DE");
        p.put("currency", "EUR").put("channel", "web").put("loyaltyPoints", 1250);
        status = "open";
        return emit("OrderCreated", p);
    }

    OrderScript linesAdded(int count) {
        for (int i = 0; i < count; i++) {
            Product product = CATALOG.get(nextProduct++ % CATALOG.size());
            int quantity = 1 + (nextProduct % 3);
            Line line = lines.merge(product.sku(), new Line(product, quantity),
                    (old, add) -> new Line(product, old.quantity() + add.quantity()));
            ObjectNode p = payload();
            p.put("sku", product.sku()).put("name", product.name()).put("quantity", quantity)
                    .put("unitPrice", product.unitPrice()).put("vatRate", new BigDecimal("0.19"))
                    .put("lineTotal", line.amount());
            emit("OrderLineAdded", p);
        }
        return this;
    }

    OrderScript firstLineRemoved() {
        Line line = lines.values().iterator().next();
        lines.remove(line.product().sku());
        ObjectNode p = payload();
        p.put("sku", line.product().sku()).put("reason", "customer changed mind");
        return emit("OrderLineRemoved", p);
    }

    OrderScript discountApplied() {
        discount = subtotal().multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_EVEN);
        ObjectNode p = payload();
        p.put("code", "WELCOME10").put("percentage", 10).put("amount", discount);
        return emit("DiscountApplied", p);
    }

    OrderScript shippingAddressChanged() {
        ObjectNode p = payload();
        address(p.putObject("shippingAddress"), "Østre Allé 3, 2. th.", "2100", "København Ø", "DK");
        p.putNull("deliveryNote");
        return emit("ShippingAddressChanged", p);
    }

    OrderScript paid() {
        ObjectNode p = payload();
        p.put("amount", total()).put("currency", "EUR");
        p.putObject("method").put("type", "card").put("brand", "visa").put("last4", "4242");
        emit("PaymentAuthorized", p);
        ObjectNode c = payload();
        c.put("amount", total()).put("pspReference", new BigInteger("918273645546372819203746501928"));
        status = "paid";
        return emit("PaymentCaptured", c);
    }

    OrderScript shipped() {
        ObjectNode p = payload();
        p.put("carrier", "DHL").put("trackingNumber", "JJD0099999999123456789");
        ArrayNode parcels = p.putArray("parcels");
        parcels.addObject().put("weightKg", new BigDecimal("2.350")).putArray("skus").add("CAF-500").add("MUG-01");
        parcels.addObject().put("weightKg", new BigDecimal("0.80")).putArray("skus").add("TEA-100");
        status = "shipped";
        return emit("OrderShipped", p);
    }

    OrderScript delivered() {
        ObjectNode p = payload();
        p.put("signedBy", "Z. Müller").put("onTime", true);
        status = "delivered";
        return emit("OrderDelivered", p);
    }

    /** The first event of a continuation stream, pointing back at the one it replaces. */
    OrderScript continuedFrom(String streamIdentifier) {
        ObjectNode p = payload();
        p.put("previousStream", streamIdentifier).put("reason", "schema v2: prices include VAT")
                .put("subtotal", subtotal());
        return emit("OrderStreamContinued", p);
    }

    /** Ends the current stream: returns its events and starts the next stream at version 0. */
    List<Event> nextStream() {
        List<Event> done = events();
        events.clear();
        version = -1;
        return done;
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    int version() {
        return version;
    }

    /** The order's state after the last event, as snapshot JSON. */
    byte[] snapshot() {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("orderId", orderId).put("status", status).put("untilVersion", version);
        ArrayNode items = s.putArray("lines");
        lines.values().forEach(l -> items.addObject().put("sku", l.product().sku()).put("quantity", l.quantity())
                .put("amount", l.amount()));
        s.put("discount", discount).put("total", total());
        return toJson(s).getBytes(StandardCharsets.UTF_8);
    }

    private BigDecimal subtotal() {
        return lines.values().stream().map(Line::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    private BigDecimal total() {
        return subtotal().subtract(discount);
    }

    private ObjectNode payload() {
        return Json.mapper().createObjectNode().put("orderId", orderId);
    }

    private static void address(ObjectNode a, String street, String postalCode, String city, String country) {
        a.put("street", street).put("postalCode", postalCode).put("city", city).put("country", country);
    }

    private OrderScript emit(String type, ObjectNode payload) {
        version++;
        at = at.plusSeconds(45 + 17L * (version % 7));
        String timestamp = TIMESTAMP.format(at.atOffset(ZoneOffset.UTC));
        String eventId = environment.randomUuid().toString();
        ObjectNode user = Json.mapper().createObjectNode().put("userId", "u-1042").put("displayName", "Zoë Müller");
        ActionMetadata action = new ActionMetadata(correlationId, previousEventId, user, timestamp, Map.of());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("eventId", eventId);
        metadata.put("tenant", "acme-eu");
        events.add(new Event(type, version, 1, null, action, metadata, toJson(payload), timestamp, Map.of()));
        previousEventId = eventId;
        return this;
    }

    private static String toJson(ObjectNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write demo payload", e);
        }
    }
}
