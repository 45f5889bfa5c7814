package io.esbackup.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.esbackup.model.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final String[] PAYLOADS = {
        "{ \"price\" : 10.50,\n  \"big\": 123456789012345678901234567890 }",
        "[1e5, -0.000, 2.5E-3]",
        "\"caf\\u00e9 \\\"quoted\\\" ☕\"",
        "10.50",
        "null",
        "{\"nested\":{\"a\":[{\"b\":true}, false, null]}}",
    };

    @Test
    void payloadsKeepTheirExactBytesThroughReadAndWrite() throws IOException {
        StringBuilder doc = new StringBuilder("{\"events\":[");
        for (int i = 0; i < PAYLOADS.length; i++) {
            doc.append(i == 0 ? "" : ",").append("{\"type\":\"T\",\"version\":").append(i)
                    .append(",\"payload\": ").append(PAYLOADS[i]).append(" ,\"timestamp\":\"2024-01-01T00:00:00+01:00\"}");
        }
        doc.append("]}");
        List<Event> events = read(doc.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(events).extracting(e -> e.payload().text()).containsExactly(PAYLOADS);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("events");
            for (Event e : events) {
                EventCodec.write(g, e);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        assertThat(read(out.toByteArray())).isEqualTo(events);
    }

    @Test
    void theTapeStaysSmallOverALongStreamAndStillServesLargePayloads() throws IOException {
        StringBuilder doc = new StringBuilder("{\"events\":[");
        String large = "\"" + "x".repeat(300_000) + "\"";
        for (int i = 0; i < 20_000; i++) {
            doc.append(i == 0 ? "" : ",").append("{\"type\":\"T\",\"version\":").append(i).append(",\"payload\":")
                    .append(i == 10_000 ? large : "{\"n\": " + i + "}").append('}');
        }
        doc.append("]}");
        List<Event> events = read(doc.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(events).hasSize(20_000);
        assertThat(events.get(10_000).payload().text()).isEqualTo(large);
        assertThat(events.get(19_999).payload().text()).isEqualTo("{\"n\": 19999}");
    }

    @Test
    void unusualShapesAreWrittenBackAsRead() throws IOException {
        String[] events = {
            "{\"type\":\"T\",\"version\":0,\"metadata\":{\"n\":5,\"ok\":true},\"payload\":{}}",
            "{\"type\":\"T\",\"version\":1,\"metadata\":{\"nested\":{\"a\":[1]}},\"payload\":1}",
            "{\"type\":\"T\",\"version\":2,\"metadata\":null,\"action\":{},\"payload\":null}",
            "{\"type\":\"T\",\"version\":3,\"action\":{\"correlationId\":null,\"causationId\":\"c\"},"
                + "\"exseq\":null,\"schemaVersion\":null,\"timestamp\":null,\"payload\":[]}",
            "{\"type\":\"T\",\"version\":4,\"metadata\":{\"k\":\"v\",\"gone\":null},\"payload\":\"s\"}",
        };
        String doc = "{\"events\":[" + String.join(",", events) + "]}";
        List<Event> read = read(doc.getBytes(StandardCharsets.UTF_8));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartArray();
            for (Event e : read) {
                EventCodec.write(g, e);
            }
            g.writeEndArray();
        }
        assertThat(Json.mapper().readTree(out.toByteArray()))
                .isEqualTo(Json.mapper().readTree("[" + String.join(",", events) + "]"));
    }

    private static List<Event> read(byte[] bytes) throws IOException {
        RawTape tape = new RawTape(new ByteArrayInputStream(bytes));
        List<Event> events = new ArrayList<>();
        try (JsonParser p = Json.parser(tape)) {
            p.nextToken();
            p.nextToken();
            p.nextToken();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                events.add(EventCodec.read(p, tape));
            }
        }
        return events;
    }
}
