package io.esbackup.model;

/**
 * The one check every id passes before it reaches a path or a blob name: object names, object ids,
 * stream identifiers, snapshot names and backup ids.
 */
public final class Ids {
    /** Longest id accepted; keeps every derived path well inside file system and blob name limits. */
    public static final int MAX_LENGTH = 200;

    private Ids() {}

    /**
     * Returns {@code value} if it is a valid id, otherwise throws an {@link IllegalArgumentException}
     * that names {@code argument} and says what is allowed.
     */
    public static String requireValid(String argument, String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(argument + " " + problem
                    + "; ids are 1 to " + MAX_LENGTH + " characters (and bytes in UTF-8) without '/', '\\', '..' or"
                    + " control characters");
        }
        return value;
    }

    /** Why {@code value} is not a valid id, or {@code null} if it is. */
    public static String problem(String value) {
        if (value == null) {
            return "must not be null";
        }
        if (value.isBlank()) {
            return "must not be blank";
        }
        if (value.length() > MAX_LENGTH) {
            return "is too long (" + value.length() + " characters)";
        }
        int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_LENGTH) {
            // File systems limit a name to 255 bytes; an id plus its suffix must fit.
            return "is too long (" + bytes + " bytes in UTF-8)";
        }
        if (value.equals(".") || value.contains("..")) {
            return "must not be '.' or contain '..'";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\') {
                return "must not contain '" + c + "'";
            }
            if (Character.isISOControl(c)) {
                return "must not contain control characters (found U+" + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }
}
