package io.esbackup.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderScannerTest {

    /** What the scanner must agree with: Jackson reading every member but {@code events}. */
    static Map<String, JsonNode> byJackson(String doc) throws IOException {
        return byJackson(doc.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, JsonNode> byJackson(byte[] doc) throws IOException {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        try (JsonParser p = Json.mapper().createParser(doc)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("events")) {
                    p.skipChildren();
                } else {
                    fields.put(name, p.readValueAsTree());
                }
            }
        }
        return fields;
    }

    static Map<String, JsonNode> scan(String doc) throws IOException {
        return HeaderScanner.scan(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"events\":[]}",
        "{\"objectId\":\"a\",\"events\":[{\"type\":\"T\",\"version\":0,\"payload\":{}}]}",
        "{\"events\":[{\"payload\":\"}]\\\"{[\"}],\"schemaVersion\":2,\"terminated\":false,\"x\":null}",
        " {\n \"a\" : [1, {\"b\": \"]\"}] ,\n \"events\" : [ [ [ ] ] , \"\\\\\" ] , \"z\" : -1.50e3 }\n",
        "{\"ev\\u0065nts\":[{\"n\":1}],\"name \\\" quoted\":\"caf\u00e9 \u2603 \ud83d\ude00\",\"n\":12345678901234567890123}",
        "{\"lastObjectDocumentHash\":\"abc\",\"events\":[{\"payload\":{\"deep\":[[[{\"a\":\"{{{\"}]]]}}],\"t\":true}",
    })
    void agreesWithJacksonOnEveryHeaderMember(String doc) throws IOException {
        assertThat(scan(doc)).isEqualTo(byJackson(doc));
    }

    @Test
    void keepsTheExactNumberTextOfHeaderValues() throws IOException {
        Map<String, JsonNode> h = scan("{\"events\":[],\"amount\":10.50,\"big\":123456789012345678901234567890}");
        assertThat(h.get("amount").toString()).isEqualTo("10.50");
        assertThat(h.get("big").toString()).isEqualTo("123456789012345678901234567890");
    }

    @Test
    void agreesWithJacksonOnGeneratedDocumentsLargerThanItsBuffer() throws IOException {
        Random r = new Random(42);
        for (int doc = 0; doc < 50; doc++) {
            StringBuilder events = new StringBuilder("[");
            int n = 1 + r.nextInt(2_000);
            for (int i = 0; i < n; i++) {
                events.append(i == 0 ? "" : ",").append("{\"type\":\"T\\\"").append(i).append("\",\"payload\":")
                        .append(r.nextBoolean() ? "{\"s\":\"a]}\\\\\",\"l\":[1,2,{\"x\":null}]}" : "\"[{\"")
                        .append("}");
            }
            events.append("]");
            String d = r.nextBoolean()
                    ? "{\"objectId\":\"o" + doc + "\",\"events\":" + events + ",\"after\":{\"k\":[\"v\"]}}"
                    : "{\"events\":" + events + "}";
            assertThat(scan(d)).as("document %d", doc).isEqualTo(byJackson(d));
        }
    }

    @Test
    void skipsAUtf8ByteOrderMarkAsJacksonDoes() throws IOException {
        String doc = "{\"objectId\":\"a\",\"events\":[{\"p\":1}],\"after\":\"caf\u00e9\"}";
        byte[] utf8 = doc.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        assertThat(HeaderScanner.scan(new ByteArrayInputStream(withBom))).isEqualTo(byJackson(withBom)).hasSize(2);
        withBom[2] = (byte) 0xBE;
        assertThatThrownBy(() -> HeaderScanner.scan(new ByteArrayInputStream(withBom))).isInstanceOf(IOException.class);
    }

    @Test
    void readsAStreamThatArrivesOneByteAtATime() throws IOException {
        String doc = "{\"a\":\"x\",\"events\":[{\"p\":\"]\"}],\"b\":[1,2]}";
        InputStream trickle = new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        assertThat(HeaderScanner.scan(trickle)).isEqualTo(byJackson(doc));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"events\":[{\"a\":1}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{a:1}",
        "{\"events\":[\"unterminated]}", "{\"events\":[],\"h\":true\"x\"}", "{\"events\":[],\"h\":false{}}",
        "{\"events\":[],\"h\":null[1]}", "{\"h\":12\"x\",\"events\":[]}", "{\"h\":\"a\"\"b\",\"events\":[]}"})
    void rejectsWhatIsNotAnEventsDocument(String doc) {
        assertThatThrownBy(() -> scan(doc)).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"h\":01,\"events\":[]}", "{\"events\":[],\"h\":1.}", "{\"events\":[],\"h\":-}", "{\"h\":tru}",
        "{\"h\":\"\\x\"}", "{\"h\":\"a\tb\"}", "{\"h\":[1,]}", "{\"h\":{\"a\" 1}}", "{\"\\ud83dx\":1}",
        "{\"h\":{\"\\ude00\":1}}", "{\"h\":NaN}", "{\"h\":'x'}", "{\"h\":1 ,}"})
    void checksHeaderNamesAndValuesAsJacksonDoes(String doc) {
        assertThatThrownBy(() -> byJackson(doc)).as("Jackson rejects %s", doc).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> scan(doc)).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsInvalidUtf8InAHeaderValue() {
        byte[] doc = {'{', '"', 'h', '"', ':', '"', (byte) 0xC3, '"', ',', '"', 'e', 'v', 'e', 'n', 't', 's', '"', ':',
            '[', ']', '}'};
        assertThatThrownBy(() -> byJackson(doc)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> HeaderScanner.scan(new ByteArrayInputStream(doc))).isInstanceOf(IOException.class)
                .hasMessageContaining("UTF-8");
    }

    /** The events are passed over, not checked: that is the events pass's job. */
    @Test
    void passesOverTheEventsWithoutCheckingThem() throws IOException {
        assertThat(scan("{\"events\":[{\"type\":tru,\"p\":01},\"\\x\"],\"h\":1}")).containsOnlyKeys("h");
        assertThatThrownBy(() -> scan("{\"h\":1,\"events\":[{\"p\":\"]}")).isInstanceOf(IOException.class)
                .hasMessageContaining("ends early");
    }
}
