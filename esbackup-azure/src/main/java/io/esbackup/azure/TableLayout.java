package io.esbackup.azure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names of the tables a {@link TableEventStore} uses, as the reference's {@code EventStreamTableSettings}
 * names them by default, plus esbackup's own journal of restores, and the chunk size the reference writes for a
 * document without chunk settings ({@code ActiveChunkSize}).
 */
public record TableLayout(String documents, String events, String snapshots, String streamChunks,
                          String documentSnapshots, String terminatedStreams, String restores,
                          int defaultChunkSize) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{2,62}");

    public TableLayout {
        names(documents, events, snapshots, streamChunks, documentSnapshots, terminatedStreams, restores)
                .forEach(TableLayout::requireTableName);
        if (defaultChunkSize <= 0) {
            throw new IllegalArgumentException("defaultChunkSize must be > 0, was " + defaultChunkSize);
        }
    }

    /** The reference's defaults: {@code objectdocumentstore}, {@code eventstream}, {@code snapshots}, ... */
    public static TableLayout defaults() {
        return new TableLayout("objectdocumentstore", "eventstream", "snapshots", "streamchunks",
                "documentsnapshots", "terminatedstreams", "esbackuprestores", 1000);
    }

    /** Every table name with {@code prefix} in front (letters and digits, starting with a letter). */
    public TableLayout withPrefix(String prefix) {
        if (prefix == null || !prefix.isEmpty() && !prefix.matches("[A-Za-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("tablePrefix must be letters and digits starting with a letter, was '"
                    + prefix + "'");
        }
        return new TableLayout(prefix + documents, prefix + events, prefix + snapshots, prefix + streamChunks,
                prefix + documentSnapshots, prefix + terminatedStreams, prefix + restores, defaultChunkSize);
    }

    /** The names by role, in the order above. */
    public Map<String, String> byRole() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("documents", documents);
        m.put("events", events);
        m.put("snapshots", snapshots);
        m.put("streamChunks", streamChunks);
        m.put("documentSnapshots", documentSnapshots);
        m.put("terminatedStreams", terminatedStreams);
        m.put("restores", restores);
        return m;
    }

    private static java.util.List<String> names(String... names) {
        return java.util.Arrays.asList(names);
    }

    /** Azure's rule for table names: 3 to 63 letters and digits, starting with a letter, not "tables". */
    static String requireTableName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equalsIgnoreCase("tables")) {
            throw new IllegalArgumentException("table name must be 3 to 63 letters and digits starting with a"
                    + " letter (and not 'tables'), was '" + name + "'");
        }
        return name;
    }
}
