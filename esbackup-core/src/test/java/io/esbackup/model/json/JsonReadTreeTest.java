package io.esbackup.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReadTreeTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "null", "true", "false", "0", "-0", "7", "-12", "123456789012345678901234567890", "10.50", "1e5", "-1.5E-3",
        "0.000", "\"\"", "\"caf\u00e9 \u2603 \ud83d\ude00 \\\" \\\\ \\n \\u0000\"", "[]", "{}",
        "[1, 2.0, \"x\", null, [true, {\"a\": []}]]",
        "{\"userId\": \"u-1\", \"roles\": [\"a\", \"b\"], \"n\": 2, \"d\": 2.50, \"deep\": {\"x\": {\"y\": [[{}]]}}}",
        "{\"dup\": 1, \"dup\": 2}",
    })
    void buildsTheSameTreeAsJacksonWithTheMappersSettings(String json) throws IOException {
        JsonNode expected;
        try (JsonParser p = Json.mapper().createParser(json)) {
            p.nextToken();
            expected = p.readValueAsTree();
        }
        try (JsonParser p = Json.parser(json)) {
            p.nextToken();
            JsonNode actual = Json.readTree(p);
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.toString()).isEqualTo(expected.toString());
            assertThat(p.nextToken()).as("the parser is left on the value's last token").isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": {\"b\": [1, {\"c\": 2}]}, \"after\": true}"})
    void leavesTheParserOnTheValuesLastToken(String json) throws IOException {
        try (JsonParser p = Json.parser(json)) {
            p.nextToken();
            p.nextToken();
            p.nextToken();
            Json.readTree(p);
            assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(p.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
            assertThat(p.currentName()).isEqualTo("after");
        }
    }
}
