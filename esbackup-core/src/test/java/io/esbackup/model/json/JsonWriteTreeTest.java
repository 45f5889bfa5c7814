package io.esbackup.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Json#writeTree} and {@link Json#readTree(byte[])}, which esbackup uses instead of a databind mapper,
 * give what {@link Json#mapper()} gives.
 */
class JsonWriteTreeTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "null", "true", "0", "-12", "123456789012345678901234567890", "10.50", "1e5", "-1.5E-3", "0.000",
        "\"caf\u00e9 \u2603 \ud83d\ude00 \\\" \\\\ \\n \\u0000 </script>\"", "[]", "{}",
        "[1, 2.0, \"x\", null, [true, {\"a\": []}]]",
        "{\"userId\": \"u-1\", \"roles\": [\"a\", \"b\"], \"n\": 2, \"d\": 2.50, \"deep\": {\"x\": {\"y\": [[{}]]}}}",
    })
    void readsAndWritesAsTheMapper(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        JsonNode expected = Json.mapper().readTree(bytes);
        JsonNode actual = Json.readTree(bytes);
        assertThat(actual).isEqualTo(expected);
        assertThat(Json.bytes(actual)).asString(StandardCharsets.UTF_8)
                .isEqualTo(new String(Json.mapper().writeValueAsBytes(expected), StandardCharsets.UTF_8));
        assertThat(Json.text(actual)).isEqualTo(expected.toString());
    }

    @Test
    void writesEveryKindOfNodeAsTheMapper() throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("int", 7).put("long", 1L << 40).put("short", (short) 3).put("float", 1.25f).put("double", 0.1)
                .put("bigInteger", new BigInteger("123456789012345678901234567890"))
                .put("decimal", new BigDecimal("10.50")).put("scientific", new BigDecimal("1E+5"))
                .put("text", "x\u2028y").put("bool", false).putNull("null")
                .put("binary", new byte[] {0, 1, 2, (byte) 0xff});
        n.putArray("array").add(1).add("two").addNull().addObject().put("k", new BigDecimal("-0.000"));
        assertThat(Json.bytes(n)).asString(StandardCharsets.UTF_8)
                .isEqualTo(new String(Json.mapper().writeValueAsBytes(n), StandardCharsets.UTF_8));
    }

    @Test
    void readsOneValueOnly() {
        assertThatThrownBy(() -> Json.readTree("{} {}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> Json.readTree(" \n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("empty");
    }
}
