package io.esbackup.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import io.esbackup.model.json.internal.EventArrayScanner;
import io.esbackup.model.json.internal.JacksonRawEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An event read as its stored bytes, by {@link EventArrayScanner} or by the Jackson reference the scanner's own
 * tests hold it to ({@link JacksonRawEvents}), is one {@link EventCodec#read} accepts, with its bytes kept and
 * written back unchanged by {@link EventCodec#writeRaw}.
 */
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
        Object full = readFirst(doc, Reader.JACKSON_EVENT);
        for (Reader reader : new Reader[] {Reader.JACKSON_RAW, Reader.SCANNER}) {
            Object raw = readFirst(doc, reader);
            if (full instanceof Throwable) {
                assertThat(raw).as("%s of %s", reader, event).isInstanceOf(Throwable.class);
                continue;
            }
            assertThat(raw).as("%s of %s", reader, event).isInstanceOf(RawEvent.class);
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
    }

    private enum Reader { JACKSON_EVENT, JACKSON_RAW, SCANNER }

    /** The first event of {@code doc}, then the second one (the reader must be left right), or the failure. */
    private static Object readFirst(String doc, Reader reader) {
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        Object[] first = new Object[1];
        Throwable failure = catchThrowable(() -> {
            if (reader == Reader.SCANNER) {
                EventArrayScanner s = new EventArrayScanner(new ByteArrayInputStream(bytes, 1, bytes.length - 1), 1);
                first[0] = s.next();
                assertThat(s.next().eventType()).isEqualTo("Next");
                assertThat(s.next()).isNull();
                return;
            }
            RawTape tape = new RawTape(new ByteArrayInputStream(bytes));
            try (JsonParser p = Json.parser(tape)) {
                p.nextToken();
                p.nextToken();
                first[0] = read(reader, p, tape);
                assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                assertThat(read(reader, p, tape).toString()).contains("Next");
            }
        });
        return failure != null ? failure : first[0];
    }

    private static Object read(Reader reader, JsonParser p, RawTape tape) throws IOException {
        return reader == Reader.JACKSON_RAW ? JacksonRawEvents.read(p, tape) : EventCodec.read(p, tape);
    }
}
