package io.esbackup.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.esbackup.model.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawJsonStringTest {

    /** Payloads that fit the generator's buffer, straddle its end, and exceed it many times over. */
    private static String payload(int i) {
        return "{\"i\": " + i + ", \"s\": \"caf\u00e9 \u2603 " + "x".repeat(i * 7919 % 30_000) + "\"}";
    }

    @Test
    void payloadsAreWrittenByteForByteByByteAndCharacterGenerators() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter chars = new StringWriter();
        StringBuilder expected = new StringBuilder("[");
        try (JsonGenerator b = Json.generator(bytes); JsonGenerator c = new JsonFactory().createGenerator(chars)) {
            b.writeStartArray();
            c.writeStartArray();
            for (int i = 0; i < 40; i++) {
                Event e = Event.of("T", i, payload(i), null);
                EventCodec.write(b, e);
                EventCodec.write(c, e);
                expected.append(i == 0 ? "" : ",").append("{\"type\":\"T\",\"version\":").append(i)
                        .append(",\"payload\":").append(payload(i)).append("}");
            }
            b.writeEndArray();
            c.writeEndArray();
        }
        expected.append("]");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(chars.toString()).isEqualTo(expected.toString());
    }
}
