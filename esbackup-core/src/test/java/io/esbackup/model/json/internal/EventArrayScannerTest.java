package io.esbackup.model.json.internal;

import static io.esbackup.model.json.internal.JsonSamples.damage;
import static io.esbackup.model.json.internal.JsonSamples.strings;
import static io.esbackup.model.json.internal.JsonSamples.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.esbackup.model.RawEvent;
import io.esbackup.model.json.Json;
import io.esbackup.model.json.RawTape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EventArrayScanner} gives what Jackson and {@link JacksonRawEvents} give for the same bytes: the same
 * events (type, version, exact bytes) where they accept, a failure where they reject, whatever the bytes and
 * however the input arrives in pieces.
 */
class EventArrayScannerTest {

    /** What one reader made of an array: its events and, if it stopped on a failure, that failure. */
    private record Outcome(List<RawEvent> events, Throwable failure) {
        boolean rejected() {
            return failure != null;
        }
    }

    @Property(tries = 300)
    void readsGeneratedEventsAsJacksonDoes(@ForAll("arrays") String array, @ForAll @IntRange(min = 1, max = 70) int piece) {
        byte[] bytes = array.getBytes(StandardCharsets.UTF_8);
        assertSame(scanner(bytes, piece, 1), jackson(bytes), array);
    }

    @Property(tries = 2000)
    void acceptsAndRejectsDamagedBytesAsJacksonDoes(@ForAll("arrays") String array, @ForAll long seed,
                                                    @ForAll @IntRange(min = 1, max = 5) int damages) {
        byte[] bytes = damage(array.getBytes(StandardCharsets.UTF_8), new Random(seed), damages);
        Outcome jackson = jackson(bytes);
        Outcome scanner = scanner(bytes, 1 + (int) Math.floorMod(seed, 37L), 1);
        assertSame(scanner, jackson, new String(bytes, StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]", " [ ] ", "[{\"type\":\"T\",\"version\":0}]",
        "[{\"type\":\"T\",\"version\":0},]", "[,{\"type\":\"T\",\"version\":0}]", "[{\"type\":\"T\",\"version\":0}",
        "[{\"type\":\"T\",\"version\":0} {\"type\":\"T\",\"version\":1}]", "[1]", "[{\"type\":\"T\",\"version\":0},1]",
        "[{\"type\":\"T\",\"version\":01}]", "[{\"type\":\"T\",\"version\":-0}]", "[{\"type\":\"T\",\"version\":2147483647}]",
        "[{\"type\":\"T\",\"version\":2147483648}]", "[{\"type\":\"T\",\"version\":99999999999999999999}]",
        "[{\"type\":\"T\",\"version\":1e2}]", "[{\"type\":\"T\",\"version\":0,\"p\":1.}]",
        "[{\"type\":\"T\",\"version\":0,\"p\":.5}]", "[{\"type\":\"T\",\"version\":0,\"p\":+1}]",
        "[{\"type\":\"T\",\"version\":0,\"p\":1e}]", "[{\"type\":\"T\",\"version\":0,\"p\":-}]",
        "[{\"type\":\"T\",\"version\":0,\"p\":1.5e-7}]", "[{\"type\":\"T\",\"version\":0,\"p\":truex}]",
        "[{\"type\":\"T\",\"version\":0,\"p\":nul}]", "[{\"type\":\"T\",\"version\":0,\"p\":\"\\x\"}]",
        "[{\"type\":\"T\",\"version\":0,\"p\":\"\\u12G4\"}]", "[{\"type\":\"T\",\"version\":0,\"p\":\"a\tb\"}]",
        "[{\"type\":\"T\",\"version\":0,\"p\":NaN}]", "[{\"type\":\"T\",\"version\":0,\"p\":'x'}]",
        "[{\"type\":\"T\",\"version\":0,\"p\":[1,]}]", "[{\"type\":\"T\",\"version\":0,\"p\":{\"a\" 1}}]",
        "[{\"typ\\u0065\":\"T\",\"versio\\u006e\":3}]", "[{\"type\":\"\\u00e9\\n\\\"\\ud83d\\ude00\",\"version\":0}]",
        "[{\"type\":true,\"version\":0}]", "[{\"type\":-1.5e3,\"version\":0}]", "[{\"type\":null,\"version\":0}]",
        "[{\"type\":\"T\",\"version\":0,\"type\":null}]", "[{\"type\":\"T\",\"version\":0,\"version\":\"x\"}]",
        "[{\"type\":\"T\",\"version\":0,\"action\":{\"correlationId\":[]}}]",
        "[{\"type\":\"T\",\"version\":0,\"action\":{\"originatedFromUser\":[{}]}}]",
        "[{\"type\":\"T\",\"version\":0,\"action\":7}]", "[{\"type\":\"T\",\"version\":0,\"schemaVersion\":null}]",
        "[{\"type\":\"T\",\"version\":0,\"p\":{\"\\ud83dx\":1}}]", "[{\"type\":\"T\",\"version\":0,\"p\":{\"\\ude00\":1}}]",
        "[{\"type\":\"T\",\"version\":0,\"p\":{\"\\ud83d\\u0041\":1}}]", "[{\"type\":\"T\",\"version\":0,\"\\ud83d\\ude00\":1}]",
        "[{\"type\":\"T\",\"version\":0,\"p\":\"\\ud83dx\\ude00\"}]",
        "[{\"type\":\"T\",\"version\":0}]\u0000garbage", "[{\"type\":\"T\",\"version\":0}\u000b]",
    })
    void edgeCasesAsJackson(String array) {
        byte[] bytes = array.getBytes(StandardCharsets.UTF_8);
        assertSame(scanner(bytes, 3, 1), jackson(bytes), array);
    }

    @Test
    void rejectsInvalidUtf8AsJacksonDoes() {
        byte[][] strings = {
            {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xC3}, {(byte) 0xC3, 'a'}, {(byte) 0x80}, {(byte) 0xFF},
            {(byte) 0xE2, (byte) 0x82, (byte) 0xAC}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, 'x'}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC1, (byte) 0xBF},
            {(byte) 0xE0, (byte) 0x9F, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xED, (byte) 0x9F, (byte) 0xBF}, {(byte) 0xF0, (byte) 0x8F, (byte) 0x80, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
            {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        };
        for (byte[] s : strings) {
            for (String member : new String[] {"type", "payload", "n\u00e4me"}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(("[{\"version\":0,\"type\":\"T\",\"" + member + "\":\"").getBytes(StandardCharsets.UTF_8));
                out.writeBytes(s);
                out.writeBytes("\"}]".getBytes(StandardCharsets.UTF_8));
                byte[] bytes = out.toByteArray();
                assertSame(scanner(bytes, 2, 1), jackson(bytes), member + " with " + java.util.HexFormat.of().formatHex(s));
            }
        }
    }

    @Test
    void nestingLimitAsJackson() {
        int max = Json.mapper().getFactory().streamReadConstraints().getMaxNestingDepth();
        // The array is depth 1 and the event depth 2: a payload nested to max - 2 is the deepest allowed.
        for (int payloadDepth : new int[] {max - 3, max - 2, max - 1}) {
            String array = "[{\"type\":\"T\",\"version\":0,\"payload\":" + "[".repeat(payloadDepth) + "]".repeat(payloadDepth) + "}]";
            byte[] bytes = array.getBytes(StandardCharsets.UTF_8);
            Outcome jackson = jackson(bytes);
            assertSame(scanner(bytes, 4096, 1), jackson, "payload nested " + payloadDepth + " deep");
            assertThat(jackson.rejected()).isEqualTo(payloadDepth > max - 2);
        }
    }

    @Test
    void nameLengthLimitAsJackson() {
        int max = Json.mapper().getFactory().streamReadConstraints().getMaxNameLength();
        // Jackson counts a name's UTF-8 bytes, its escapes decoded: units of 1 to 4 bytes, written or escaped.
        String[][] units = {{"a", "1"}, {"\\n", "1"}, {"\\u0041", "1"}, {"\u00e9", "2"}, {"\\u00e9", "2"},
            {"\u20ac", "3"}, {"\ud83d\ude00", "4"}, {"\\ud83d\\ude00", "4"}};
        for (String[] unit : units) {
            int fits = max / Integer.parseInt(unit[1]);
            for (int n : new int[] {fits, fits + 1}) {
                String name = unit[0].repeat(n);
                for (String array : new String[] {
                    "[{\"type\":\"T\",\"version\":0,\"" + name + "\":1}]",
                    "[{\"type\":\"T\",\"version\":0,\"p\":{\"" + name + "\":1}}]"}) {
                    byte[] bytes = array.getBytes(StandardCharsets.UTF_8);
                    Outcome jackson = jackson(bytes);
                    assertSame(scanner(bytes, 4096, 1), jackson, n + " of " + unit[0]);
                    assertThat(jackson.rejected()).as(n + " of " + unit[0]).isEqualTo(n > fits);
                }
            }
        }
    }

    @Test
    void anEventLargerThanTheBufferIsReadWhole() throws IOException {
        String big = "x".repeat(300_000) + "\u00e9".repeat(70_000);
        String array = "[{\"type\":\"T\",\"version\":0,\"payload\":\"" + big + "\"},{\"type\":\"U\",\"version\":1}]";
        byte[] bytes = array.getBytes(StandardCharsets.UTF_8);
        assertSame(scanner(bytes, 100_000, 1), jackson(bytes), "a 440 KB event");
        assertThat(scanner(bytes, 100_000, 1).events()).hasSize(2);
    }

    @Test
    void theBufferShrinksBackAfterALargeEvent() throws IOException {
        StringBuilder array = new StringBuilder("[{\"type\":\"T\",\"version\":0,\"payload\":\"")
                .append("x".repeat(3_000_000)).append("\"}");
        for (int v = 1; v <= 2_000; v++) {
            array.append(",{\"type\":\"T\",\"version\":").append(v).append(",\"payload\":[1,2,3]}");
        }
        byte[] bytes = array.append(']').toString().getBytes(StandardCharsets.UTF_8);
        EventArrayScanner s = new EventArrayScanner(new Pieces(bytes, 1, 64 * 1024), 1);
        assertThat(s.next().json().utf8Length()).isGreaterThan(3_000_000);
        assertThat(s.bufferSize()).isGreaterThanOrEqualTo(3_000_000);
        int read = 1;
        while (s.next() != null) {
            read++;
        }
        assertThat(read).isEqualTo(2_001);
        assertThat(s.bufferSize()).as("back to its usual size").isEqualTo(64 * 1024);
    }

    @Test
    void theMembersAfterTheArrayAreAnObjectOfTheirOwn() throws IOException {
        byte[] bytes = "[{\"type\":\"T\",\"version\":0}] ,\"after\":1}".getBytes(StandardCharsets.UTF_8);
        EventArrayScanner s = new EventArrayScanner(new Pieces(bytes, 1, 5), 1);
        assertThat(s.next().eventVersion()).isZero();
        assertThat(s.next()).isNull();
        assertThat(s.next()).isNull();
        assertThat(new String(s.membersAfter().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{   \"after\":1}");

        EventArrayScanner last = new EventArrayScanner(new Pieces("] }\n".getBytes(StandardCharsets.UTF_8), 0, 1), 1);
        assertThat(last.next()).isNull();
        assertThat(new String(last.membersAfter().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{   }\n");

        EventArrayScanner other = new EventArrayScanner(new Pieces("] 7}".getBytes(StandardCharsets.UTF_8), 0, 1), 1);
        assertThat(other.next()).isNull();
        assertThatThrownBy(other::membersAfter).isInstanceOf(IOException.class)
                .hasMessageContaining("expected ',' or '}' after the events array but found '7'");
    }

    @Test
    void whatFollowsTheArrayIsReadOnlyOnceItIsRead() throws IOException {
        EventArrayScanner s = new EventArrayScanner(new Pieces("{\"type\":\"T\",\"version\":0}]}".getBytes(
                StandardCharsets.UTF_8), 0, 3), 1);
        assertThatThrownBy(s::afterArray).isInstanceOf(IllegalStateException.class);
        s.next();
        assertThat(s.next()).isNull();
        assertThat(s.afterArray()).isEqualTo('}');
        assertThat(s.afterArray()).isEqualTo(-1);
    }

    /**
     * Events past a cut are passed over matching only strings and brackets: damage inside them is not seen, a
     * bracket in a string does not count, and an array closed by the wrong bracket or cut short is an error.
     */
    @Test
    void skipRestPassesOverTheRestOfTheArrayUnchecked() throws IOException {
        String first = "{\"type\":\"T\",\"version\":0}";
        String rest = ",{\"version\":tru,\"p\":\"]}\\\"]\",\"q\":[{}]} ]";
        EventArrayScanner s = new EventArrayScanner(new Pieces((first + rest + ",\"after\":1}").getBytes(
                StandardCharsets.UTF_8), 0, 2), 1);
        assertThat(s.next().eventVersion()).isZero();
        s.skipRest();
        assertThat(s.next()).isNull();
        assertThat(s.afterArray()).isEqualTo(',');

        EventArrayScanner wrong = new EventArrayScanner(new Pieces((first + ",{\"p\":[1]}}").getBytes(
                StandardCharsets.UTF_8), 0, 2), 1);
        wrong.next();
        assertThatThrownBy(wrong::skipRest).isInstanceOf(IOException.class).hasMessageContaining("closed by '}'");

        EventArrayScanner cut = new EventArrayScanner(new Pieces((first + ",{\"p\":\"]").getBytes(
                StandardCharsets.UTF_8), 0, 2), 1);
        cut.next();
        assertThatThrownBy(cut::skipRest).isInstanceOf(IOException.class).hasMessageContaining("ends early");
    }

    private static void assertSame(Outcome scanner, Outcome jackson, String input) {
        assertThat(scanner.rejected()).as("scanner rejects %s (Jackson: %s, scanner: %s)", input, jackson.failure(),
                scanner.failure()).isEqualTo(jackson.rejected());
        assertThat(scanner.events()).as("events of %s", input).isEqualTo(jackson.events());
    }

    /** The reference: Jackson's tokens and {@link JacksonRawEvents}, as the cursor and archive used to read. */
    private static Outcome jackson(byte[] bytes) {
        List<RawEvent> events = new ArrayList<>();
        RawTape tape = new RawTape(new ByteArrayInputStream(bytes));
        try (JsonParser p = Json.parser(tape)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not an array");
            }
            while (true) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.END_ARRAY) {
                    return new Outcome(events, null);
                }
                if (t != JsonToken.START_OBJECT) {
                    throw new IOException("expected an event but found " + t);
                }
                events.add(JacksonRawEvents.read(p, tape));
            }
        } catch (IOException | RuntimeException e) {
            return new Outcome(events, e);
        }
    }

    private static Outcome scanner(byte[] bytes, int piece, int skipOpening) {
        List<RawEvent> events = new ArrayList<>();
        try {
            int start = 0;
            while (start < bytes.length && bytes[start] == ' ') {
                start++;
            }
            if (start == bytes.length || bytes[start] != '[') {
                throw new IOException("not an array");
            }
            EventArrayScanner s = new EventArrayScanner(new Pieces(bytes, start + skipOpening, piece), 1);
            for (RawEvent e = s.next(); e != null; e = s.next()) {
                events.add(e);
            }
            return new Outcome(events, null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(events, e);
        }
    }

    @Provide
    Arbitrary<String> arrays() {
        return events().list().ofMaxSize(6).map(list -> {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                s.append(i == 0 ? "" : (i % 2 == 0 ? ",\n " : ",")).append(list.get(i));
            }
            return s.append(list.size() % 2 == 0 ? "]" : " ]").toString();
        });
    }

    private Arbitrary<String> events() {
        // Mostly members as the reference writes them, sometimes what a reader takes or refuses instead.
        Arbitrary<String> type = Arbitraries.frequencyOf(Tuple.of(12, strings()),
                Tuple.of(1, Arbitraries.of("5", "true", "null", "-2.5e3", "\"\"")));
        Arbitrary<String> version = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(0, 1_000_000).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("-1", "1.0", "\"3\"", "null", "2147483648", "-0")));
        Arbitrary<String> optional = Arbitraries.oneOf(values(2), Arbitraries.of("null"));
        Arbitrary<String> action = Arbitraries.oneOf(Arbitraries.of("null", "{}", "[]"),
                Combinators.combine(values(1), values(2), strings()).as((a, b, c) ->
                        "{\"correlationId\":" + a + ",\"originatedFromUser\":" + b + ",\"eventOccuredAt\":" + c + "}"));
        return Combinators.combine(type, version, optional, action, values(3), Arbitraries.integers().between(0, 63))
                .as((t, v, o, a, payload, shape) -> {
                    List<String> members = new ArrayList<>();
                    members.add("\"type\":" + t);
                    members.add("\"version\" : " + v);
                    if ((shape & 1) != 0) {
                        members.add("\"exseq\":" + o);
                    }
                    if ((shape & 2) != 0) {
                        members.add("\"action\":" + a);
                    }
                    if ((shape & 4) != 0) {
                        members.add("\"schemaVersion\":" + ((shape & 8) != 0 ? "null" : "2"));
                    }
                    if ((shape & 16) != 0) {
                        members.add("\"metadata\":{\"eventId\":" + o + "}");
                    }
                    members.add("\"payload\":" + payload);
                    if ((shape & 32) != 0) {
                        java.util.Collections.reverse(members);
                    }
                    return "{" + String.join(",", members) + "}";
                });
    }
}
