package io.esbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.esbackup.model.Event;
import io.esbackup.model.json.EventCodec;
import io.esbackup.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {
    private final EventGenerator generator = new EventGenerator(EventGenerator.DEFAULT_SEED);

    @Test
    void oneSeedGivesTheSameEventsAndAnotherSeedOthers() throws IOException {
        List<Event> a = take(generator.events("order-1", 500));
        List<Event> b = take(new EventGenerator(EventGenerator.DEFAULT_SEED).events("order-1", 500));
        List<Event> c = take(new EventGenerator(7).events("order-1", 500));
        assertThat(a).isEqualTo(b);
        assertThat(json(a)).isEqualTo(json(b));
        assertThat(json(a)).isNotEqualTo(json(c));
        assertThat(take(generator.events("order-2", 500))).isNotEqualTo(a);
    }

    @Test
    void eventsAreValidRoundTripAndAboutFourHundredBytesEach() throws IOException {
        List<Event> events = take(generator.events("order-0000042", 2_000));
        byte[] all = json(events);
        double perEvent = (double) all.length / events.size();
        assertThat(perEvent).as("bytes of JSON per event").isBetween(330.0, 470.0);
        try (JsonParser p = Json.parser(new java.io.ByteArrayInputStream(all))) {
            p.nextToken();
            for (Event expected : events) {
                p.nextToken();
                assertThat(EventCodec.read(p)).isEqualTo(expected);
            }
        }
        for (int v = 0; v < events.size(); v++) {
            Event e = events.get(v);
            assertThat(e.eventVersion()).isEqualTo(v);
            assertThat(Json.tree(e.payload().toUtf8()).isObject()).isTrue();
            assertThat(e.metadata()).containsKeys("eventId", "tenant");
            if (v > 0) {
                assertThat(e.action().causationId()).isEqualTo(events.get(v - 1).metadata().get("eventId"));
            }
        }
        String text = new String(all, java.nio.charset.StandardCharsets.UTF_8);
        for (String expected : new String[] {"抹茶", "\"unitPrice\":10.50", "\"causationId\"", "København Ø"}) {
            assertThat(text.contains(expected)).as("the events contain %s", expected).isTrue();
        }
        assertThat(events.stream().map(Event::eventType).distinct().count()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aStreamIsGeneratedAsItIsReadNotHeld() {
        Iterator<Event> huge = generator.events("order-huge", Integer.MAX_VALUE);
        assertThat(huge.next().eventVersion()).isZero();
        assertThat(huge.next().eventVersion()).isEqualTo(1);
        assertThat(generator.event("order-huge", 1_999_999_999).eventVersion()).isEqualTo(1_999_999_999);
    }

    private static List<Event> take(Iterator<Event> events) {
        List<Event> list = new ArrayList<>();
        events.forEachRemaining(list::add);
        return list;
    }

    /** The events as a JSON array, written as the store and the archive write them. */
    private static byte[] json(List<Event> events) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartArray();
            for (Event e : events) {
                EventCodec.write(g, e);
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }
}
