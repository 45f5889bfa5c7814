package io.esbackup.example;

import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventStore;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Writes a few orders into an empty event store at start-up, so the scheduled backup has something to back up
 * ({@code example.sample-orders.enabled=false} turns it off). A real application writes its own events. They are
 * written as the bean is made, before the context starts its lifecycle beans: the schedule starts with them, so
 * its first firing cannot find only some of them.
 */
@Component
@ConditionalOnProperty(name = "example.sample-orders.enabled", havingValue = "true", matchIfMissing = true)
class SampleOrders implements SmartInitializingSingleton {
    private static final Logger LOG = LoggerFactory.getLogger(SampleOrders.class);
    private static final String[] CUSTOMERS = {"Ana Souza", "Jürgen Weiß", "Mei Lin", "Olu Adeyemi", "Sara Holm"};
    static final int ORDERS = 5;

    private final EventStore store;

    SampleOrders(EventStore store) {
        this.store = store;
    }

    /** Before the schedules start (they start with the context), so the first firing finds the orders. */
    @Override
    public void afterSingletonsInstantiated() {
        if (store.readDocument("order", "order-1").isPresent()) {
            return;
        }
        for (int n = 1; n <= ORDERS; n++) {
            String id = "order-" + n;
            StreamInformation empty = new StreamInformation(id.replace("-", "") + "-0000000000", "blob", -1,
                    ChunkSettings.disabled(), List.of(), List.of(), Map.of());
            int lines = 1 + n % 4;
            StreamInformation active = store.appendEvents("order", empty, StreamHeader.of("order", id),
                    IntStream.range(0, lines + 1).mapToObj(v -> event(id, v, lines)).iterator());
            store.writeDocument(ObjectDocument.create("order", id, active), null);
        }
        LOG.info("Wrote {} sample orders", ORDERS);
    }

    private static Event event(String id, int version, int lines) {
        String at = Instant.parse("2026-11-02T09:00:00Z").plusSeconds(version * 97L).toString();
        if (version == 0) {
            String customer = CUSTOMERS[Math.abs(id.hashCode()) % CUSTOMERS.length];
            return Event.of("OrderPlaced", version, "{\"customer\":\"" + customer + "\"}", at);
        }
        String amount = String.format(Locale.ROOT, "%.2f", 3.5 + (id.hashCode() % 50 + 50) * version * 1.37);
        return Event.of("LineAdded", version, "{\"sku\":\"SKU-" + (1000 + version * 37) + "\",\"amount\":" + amount
                + "}", at);
    }
}
