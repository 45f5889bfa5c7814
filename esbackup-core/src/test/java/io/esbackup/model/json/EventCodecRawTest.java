package io.esbackup.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link EventCodec#readRaw} accepts exactly the events {@link EventCodec#read} accepts, and keeps their bytes. */
class EventCodecRawTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"T\",\"version\":0,\"payload\":{}}",
        " { \"payload\" : [1, {\"type\": 5}] , \"version\" : 7 , \"type\" : \"caf\u00e9\" } ",
        "{\"type\":\"T\",\"version\":3,\"schemaVersion\":null,\"action\":null,\"metadata\":{\"k\":1},\"x\":[[]]}",
        "{\"type\":\"T\",\"version\":3,\"schemaVersion\":2,\"action\":{\"correlationId\":\"c\"},\"timestamp\":\"t\"}",
        "{\"version\":1,\"payload\":null,\"type\":\"\\u0054\"}",
        // rejected by both:
        "{\"type\":\"T\"}",
        "{\"version\":1}",
        "{\"type\":null,\"version\":1}",
        "{\"type\":\"T\",\"version\":1.5}",
        "{\"type\":\"T\",\"version\":\"1\"}",
        "{\"type\":\"T\",\"version\":1,\"schemaVersion\":\"2\"}",
        "{\"type\":\"T\",\"version\":1,\"action\":[]}",
        "{\"type\":\"T\",\"version\":-1}",
        "{\"type\":\"\",\"version\":1}",
        "{\"type\":\"T\",\"version\":1,\"payload\":tru}",
        "{\"type\":\"T\",\"version\":1,\"payload\":{\"a\":}}",
        "{\"type\":{\"x\":1},\"version\":1}",
        "{\"type\":\"T\",\"version\":1,\"exseq\":{\"x\":1}}",
        "{\"type\":\"T\",\"version\":1,\"timestamp\":[\"t\"]}",
        "{\"type\":\"T\",\"version\":1,\"action\":{\"correlationId\":{\"x\":1}}}",
        "{\"type\":\"T\",\"version\":1,\"action\":{\"eventOccuredAt\":[1]}}",
        // accepted by both: scalars where strings are usual, nulls, any originatedFromUser
        "{\"type\":5,\"version\":1,\"exseq\":7,\"timestamp\":null,\"action\":{\"causationId\":null,"
            + "\"originatedFromUser\":{\"id\":[1]}}}",
    })
    void acceptsWhatReadAcceptsAndKeepsTheBytes(String event) throws IOException {
        String doc = "[" + event + ",{\"type\":\"Next\",\"version\":99}]";
        Object full = readFirst(doc, false);
        Object raw = readFirst(doc, true);
        if (full instanceof Throwable) {
            assertThat(raw).as("readRaw of %s", event).isInstanceOf(Throwable.class);
            return;
        }
        assertThat(raw).as("readRaw of %s", event).isInstanceOf(RawEvent.class);
        Event e = (Event) full;
        RawEvent r = (RawEvent) raw;
        assertThat(r.eventType()).isEqualTo(e.eventType());
        assertThat(r.eventVersion()).isEqualTo(e.eventVersion());
        assertThat(r.json().text()).isEqualTo(event.strip());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartArray();
            EventCodec.writeRaw(g, r);
            EventCodec.writeRaw(g, r);
            g.writeEndArray();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[" + event.strip() + "," + event.strip() + "]");
    }

    /** The first event of {@code doc} read fully or raw, then the second one (the parser must be left right). */
    private static Object readFirst(String doc, boolean raw) {
        RawTape tape = new RawTape(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
        Object[] first = new Object[1];
        Throwable failure = catchThrowable(() -> {
            try (JsonParser p = Json.parser(tape)) {
                p.nextToken();
                p.nextToken();
                first[0] = raw ? EventCodec.readRaw(p, tape) : EventCodec.read(p, tape);
                assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                Object second = raw ? EventCodec.readRaw(p, tape) : EventCodec.read(p, tape);
                assertThat(second.toString()).contains("Next");
            }
        });
        return failure != null ? failure : first[0];
    }
}
