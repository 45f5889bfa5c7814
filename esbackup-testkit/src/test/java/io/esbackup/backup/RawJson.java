package io.esbackup.backup;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.esbackup.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A JSON value read for comparison: {@code text} is its compact form with every number's literal text and
 * member order kept (unlike a Jackson tree, which would turn {@code 1.0E2} into {@code 1.0E+2}); objects and
 * arrays can be walked member by member.
 */
record RawJson(String text, Object value) {

    static RawJson parse(InputStream in) {
        try (in; JsonParser p = Json.parser(in)) {
            p.nextToken();
            RawJson v = read(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RawJson read(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, RawJson> members = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    members.put(name, read(p));
                }
                String text = members.entrySet().stream()
                        .map(e -> quote(e.getKey()) + ":" + e.getValue().text())
                        .collect(Collectors.joining(",", "{", "}"));
                return new RawJson(text, members);
            }
            case START_ARRAY -> {
                List<RawJson> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                return new RawJson(items.stream().map(RawJson::text).collect(Collectors.joining(",", "[", "]")), items);
            }
            case VALUE_STRING -> {
                return new RawJson(Json.captureValue(p), p.getText());
            }
            case VALUE_NULL -> {
                return new RawJson("null", null);
            }
            default -> {
                return new RawJson(p.getText(), p.getText());
            }
        }
    }

    private static String quote(String s) {
        try {
            return Json.mapper().writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The member {@code name} of this object; fails if it is absent. */
    @SuppressWarnings("unchecked")
    RawJson get(String name) {
        RawJson v = ((Map<String, RawJson>) value).get(name);
        if (v == null) {
            throw new IllegalArgumentException("no member '" + name + "' in " + text);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    List<RawJson> list() {
        return (List<RawJson>) value;
    }

    /** A string member's value, or the literal text of a number or boolean; null for JSON null. */
    String string() {
        return (String) value;
    }

    long number() {
        return Long.parseLong(string());
    }

    boolean bool() {
        return Boolean.parseBoolean(string());
    }

    /** The compact texts of an array's items. */
    List<String> texts() {
        return list().stream().map(RawJson::text).toList();
    }
}
