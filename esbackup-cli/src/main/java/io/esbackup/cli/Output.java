package io.esbackup.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.model.json.Json;
import java.io.PrintWriter;

/**
 * What a command prints on stdout: human lines by default, or exactly one JSON document with
 * {@code --json} (an object for a single result, an array for a list). {@code --quiet} drops the human
 * lines (the JSON document is the result, so it stays).
 */
public final class Output {
    /** Built when a command prints JSON: a mapper takes 0.1 to 0.3 s to build in a new JVM. */
    private static final class Pretty {
        static final ObjectMapper MAPPER = Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private final PrintWriter out;
    private final boolean json;
    private final boolean quiet;

    public Output(PrintWriter out, boolean json, boolean quiet) {
        this.out = out;
        this.json = json;
        this.quiet = quiet;
    }

    public boolean json() {
        return json;
    }

    /** A new, empty JSON object to fill in. */
    public static ObjectNode object() {
        return Json.objectNode();
    }

    /** A new, empty JSON array to fill in. */
    public static ArrayNode array() {
        return Json.nodes().arrayNode();
    }

    /** Prints a human line ({@link String#format} style) unless {@code --json} or {@code --quiet}. */
    public void line(String format, Object... args) {
        if (!json && !quiet) {
            out.println(args.length == 0 ? format : String.format(format, args));
            out.flush();
        }
    }

    /** Prints {@code document} as the command's one JSON result, if {@code --json}. */
    public void result(JsonNode document) {
        if (!json) {
            return;
        }
        try {
            out.println(Pretty.MAPPER.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON result", e);
        }
        out.flush();
    }
}
