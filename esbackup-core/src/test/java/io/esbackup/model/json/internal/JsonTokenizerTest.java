package io.esbackup.model.json.internal;

import static io.esbackup.model.json.internal.JsonSamples.damage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import io.esbackup.model.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonTokenizer} on any JSON value, not only events: its checked walk accepts and rejects what Jackson's
 * parser does, its unchecked pass ends a valid value where the checked walk does, and the text it decodes is
 * Jackson's, whatever pieces the input arrives in.
 */
class JsonTokenizerTest {

    @Property(tries = 1000)
    void acceptsAndRejectsValuesAsJacksonDoes(@ForAll("values") String value, @ForAll long seed,
                                              @ForAll @IntRange(min = 0, max = 4) int damages,
                                              @ForAll @IntRange(min = 1, max = 40) int piece) {
        // Four bytes first that are not zero, as in any document: Jackson guesses UTF-16 or UTF-32 from zero bytes.
        byte[] bytes = ("[   " + new String(damage(value.getBytes(StandardCharsets.UTF_8), new Random(seed), damages),
                StandardCharsets.ISO_8859_1) + "]").getBytes(StandardCharsets.ISO_8859_1);
        Throwable jackson = failure(() -> jackson(bytes));
        Throwable tokenizer = failure(() -> walk(bytes, piece));
        assertThat(tokenizer == null).as("tokenizer accepts %s (Jackson: %s, tokenizer: %s)",
                new String(bytes, StandardCharsets.ISO_8859_1), jackson, tokenizer).isEqualTo(jackson == null);
    }

    @Property(tries = 300)
    void passesOverAValidValueToWhereTheCheckedWalkEndsIt(@ForAll("values") String value,
                                                          @ForAll @IntRange(min = 1, max = 40) int piece)
            throws IOException {
        byte[] bytes = (value + " ,\"next\":1}").getBytes(StandardCharsets.UTF_8);
        JsonTokenizer checked = new JsonTokenizer(new Pieces(bytes, 0, piece));
        checked.value(checked.startDocument(), 0);
        JsonTokenizer unchecked = new JsonTokenizer(new Pieces(bytes, 0, piece));
        assertThat(unchecked.passOver(unchecked.startDocument())).isTrue();
        assertThat(unchecked.rest().readAllBytes()).isEqualTo(checked.rest().readAllBytes())
                .isEqualTo(" ,\"next\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void decodesNamesAndStringsAsJacksonDoes(@ForAll("strings") String string,
                                             @ForAll @IntRange(min = 1, max = 40) int piece) throws IOException {
        byte[] bytes = ("{" + string + ":" + string + "}").getBytes(StandardCharsets.UTF_8);
        String name;
        String text;
        try (JsonParser p = Json.parser(bytes)) {
            p.nextToken();
            p.nextToken();
            name = p.currentName();
            p.nextToken();
            text = p.getText();
        }
        JsonTokenizer t = new JsonTokenizer(new Pieces(bytes, 1, piece));
        t.keep();
        boolean escaped = t.name();
        assertThat(t.text(1, t.position() - 1, escaped)).isEqualTo(name);
        t.colon();
        t.valueStart();
        t.keep();
        escaped = t.string(false);
        assertThat(t.text(1, t.position() - 1, escaped)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "0", "-0.5e+3", "\"\"", "true", "null", "[[],{\"a\":[{}]}]", "{\"\":\"\"}"})
    void passOverAndTheCheckedWalkAgreeOnEdgeCases(String value) throws IOException {
        passesOverAValidValueToWhereTheCheckedWalkEndsIt(value, 1);
        assertThat(failure(() -> walk(("[   " + value + "]").getBytes(StandardCharsets.UTF_8), 2))).isNull();
    }

    /** A name is counted whether or not a reader keeps the value around it. */
    @Test
    void theNameLengthLimitHoldsWithoutAKeptValue() {
        int max = Json.limits().getMaxNameLength();
        for (String unit : new String[] {"a", "\\u0041"}) {
            for (int n : new int[] {max, max + 1}) {
                byte[] bytes = ("[   {\"" + unit.repeat(n) + "\":1}]").getBytes(StandardCharsets.UTF_8);
                Throwable jackson = failure(() -> jackson(bytes));
                assertThat(jackson == null).as("Jackson accepts %d of %s", n, unit).isEqualTo(n == max);
                assertThat(failure(() -> walk(bytes, 4096)) == null).as("%d of %s", n, unit).isEqualTo(n == max);
            }
        }
    }

    @Test
    void theUncheckedPassSaysWhereTheInputEndsEarly() throws IOException {
        for (String cut : new String[] {"\"abc", "\"ab\\", "{\"a\":[1,2", "[\"]\""}) {
            JsonTokenizer t = new JsonTokenizer(new ByteArrayInputStream(cut.getBytes(StandardCharsets.UTF_8)));
            assertThat(t.passOver(t.startDocument())).as(cut).isFalse();
        }
        JsonTokenizer scalar = new JsonTokenizer(new ByteArrayInputStream("12x]".getBytes(StandardCharsets.UTF_8)));
        assertThat(scalar.passOver(scalar.startDocument())).isTrue();
        assertThat(scalar.peek()).as("a scalar is passed over to the next byte that may follow a value").isEqualTo(']');
    }

    @Test
    void aDocumentMayStartWithAUtf8ByteOrderMark() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, ' ', '{', '}'};
        assertThat(new JsonTokenizer(new ByteArrayInputStream(bom)).startDocument()).isEqualTo('{');
        bom[2] = (byte) 0xBE;
        assertThatThrownBy(() -> new JsonTokenizer(new ByteArrayInputStream(bom)).startDocument())
                .isInstanceOf(IOException.class).hasMessageContaining("byte order mark")
                .hasMessageContaining("at byte 3");
    }

    /**
     * Jackson's parser over one value with nothing but whitespace after it, every token read but none built, as
     * the events' reference reads what it skips.
     */
    private static void jackson(byte[] bytes) throws IOException {
        try (JsonParser p = Json.parser(bytes)) {
            if (p.nextToken() == null) {
                throw new IOException("no value");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new IOException("content after the value");
            }
        }
    }

    /** The checked walk over one value with nothing but whitespace after it. */
    private static void walk(byte[] bytes, int piece) throws IOException {
        JsonTokenizer t = new JsonTokenizer(new Pieces(bytes, 0, piece));
        t.value(t.startDocument(), 0);
        if (t.skipWhitespace() >= 0) {
            throw t.error("content after the value");
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private static Throwable failure(Action action) {
        try {
            action.run();
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @Provide
    Arbitrary<String> values() {
        return JsonSamples.values(3);
    }

    @Provide
    Arbitrary<String> strings() {
        return JsonSamples.strings();
    }
}
