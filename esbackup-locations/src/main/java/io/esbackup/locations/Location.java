package io.esbackup.locations;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A location value split into its scheme and the rest: {@code file:./esdata} is scheme {@code file}, rest
 * {@code ./esdata}. A value without a scheme is a path, so {@code ./esdata} means {@code file:./esdata}. Schemes
 * are at least two characters, so {@code C:\data} is a path too.
 *
 * @param option what the value was given as ({@code --store}, {@code esbackup.store}), which every message about
 *               it starts with
 * @param text   the value as written (may hold secrets: show {@link StoreLocations#displayStore} or
 *               {@link StoreLocations#displayBackups} instead)
 */
public record Location(String option, String scheme, String rest, String text) {
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):(.*)", Pattern.DOTALL);

    /**
     * Splits {@code text}, given as {@code option}.
     *
     * @throws IllegalArgumentException naming {@code option} if {@code text} is blank
     */
    public static Location parse(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(option + " must not be blank; give a location such as file:./esdata");
        }
        Matcher m = SCHEME.matcher(text);
        if (m.matches()) {
            return new Location(option, m.group(1).toLowerCase(Locale.ROOT), m.group(2), text);
        }
        return new Location(option, "file", text, text);
    }
}
