package io.esbackup.model.json.internal;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** JSON text for the tests that hold the byte-level readers to Jackson: generated values, and damage to them. */
final class JsonSamples {
    private JsonSamples() {}

    /** Flips, drops, doubles or replaces bytes: most such damage breaks the JSON, some does not. */
    static byte[] damage(byte[] bytes, Random r, int damages) {
        byte[] b = bytes;
        byte[] interesting = "{}[]\",:\\0-.eE+ntfu \u0001".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < damages && b.length > 2; i++) {
            int at = 1 + r.nextInt(b.length - 1);
            switch (r.nextInt(4)) {
                case 0 -> b[at] = interesting[r.nextInt(interesting.length)];
                case 1 -> b[at] = (byte) r.nextInt(256);
                case 2 -> {
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter;
                }
                default -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = b[at];
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
            }
        }
        return b;
    }

    static Arbitrary<String> values(int depth) {
        Arbitrary<String> scalars = Arbitraries.oneOf(strings(), Arbitraries.of("0", "-7", "12.50", "1e-3", "true",
                "false", "null", "-0.0E+2", "123456789012345678901234567890"));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> inner = values(depth - 1);
        Arbitrary<String> array = inner.list().ofMaxSize(3).map(l -> "[" + String.join(", ", l) + "]");
        Arbitrary<String> object = Combinators.combine(strings(), inner).as((k, v) -> k + ":" + v).list().ofMaxSize(3)
                .map(l -> "{" + String.join(",", l) + "}");
        return Arbitraries.oneOf(scalars, array, object);
    }

    static Arbitrary<String> strings() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(24)
                .map(s -> s.replace("\\", "\\\\").replace("\"", "\\\""));
        Arbitrary<String> unicode = Arbitraries.of("caf\u00e9", "Zo\u00eb M\u00fcller-\u0141ukasiewicz", "\u2713 \u20ac",
                "\ud83d\ude00", "\\u00e9\\n\\t\\\"", "\\ud83d\\ude00", "type", "version", "versio\\u006e",
                "a".repeat(40));
        return Arbitraries.oneOf(plain, unicode).map(s -> "\"" + s + "\"");
    }
}
