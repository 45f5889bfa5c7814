package io.esbackup.store.internal;

import static io.esbackup.model.json.internal.JsonTokenizer.describe;

import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.model.json.Json;
import io.esbackup.model.json.internal.JsonTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the top-level properties of an events document other than {@code events}, wherever they stand.
 *
 * <p>A header property may follow the events, so the whole document is read; the events array, nearly all
 * of it, is passed over unchecked ({@link JsonTokenizer#passOver}: strings and brackets only), several times
 * faster than tokenizing it. Member names and header values are checked by the same {@link JsonTokenizer},
 * and each value's bytes are then built into a tree by Jackson. Whether the events are valid JSON is left to
 * the pass that reads them.
 */
public final class HeaderScanner {
    private HeaderScanner() {}

    /** The properties of the document in {@code in} other than {@code events}, in document order. */
    public static Map<String, JsonNode> scan(InputStream in) throws IOException {
        JsonTokenizer t = new JsonTokenizer(in);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        int c = t.startDocument();
        if (c != '{') {
            throw t.error("an events document must be a JSON object but starts with " + describe(c));
        }
        t.skip();
        c = t.skipWhitespace();
        if (c == '}') {
            return fields;
        }
        while (true) {
            String name = name(t);
            c = t.valueStart();
            if (name.equals("events")) {
                if (!t.passOver(c)) {
                    throw t.error("the events document ends early, in its events");
                }
            } else {
                t.keep();
                t.value(c, 1);
                fields.put(name, Json.readTree(t.bytes(0, t.position())));
                t.release();
            }
            c = t.skipWhitespace();
            if (c == '}') {
                return fields;
            }
            if (c != ',') {
                throw t.error("expected ',' or '}' after member '" + name + "' but found " + describe(c));
            }
            t.skip();
            c = t.skipWhitespace();
        }
    }

    /** A member name, decoded, and the colon after it. */
    private static String name(JsonTokenizer t) throws IOException {
        t.keep();
        boolean escaped = t.name();
        String name = t.text(1, t.position() - 1, escaped);
        t.release();
        t.colon();
        return name;
    }
}
