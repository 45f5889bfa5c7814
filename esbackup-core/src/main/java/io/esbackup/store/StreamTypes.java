package io.esbackup.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.TerminatedStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference library's store types and the document fields that name one. A cross-store restore changes
 * exactly these (docs/FORMAT.md, section 14a).
 */
public final class StreamTypes {
    public static final String BLOB = "blob";
    public static final String TABLE = "table";
    /** The types of the reference's own providers; a custom type in a document is never rewritten. */
    public static final Set<String> KNOWN = Set.of(BLOB, TABLE, "cosmosdb");
    /** The members of {@code active} besides {@code streamType} that name a provider type. */
    public static final List<String> TYPE_FIELDS = List.of("documentType", "documentTagType", "eventStreamTagType",
            "documentRefType");

    private StreamTypes() {}

    /**
     * {@code document} with every type field that says {@code from} saying {@code to}: the active stream's
     * {@code streamType} and {@link #TYPE_FIELDS}, and each terminated stream's {@code streamType}. Nothing
     * changes when {@code from} is not one of the reference's own types or is already {@code to}.
     */
    public static ObjectDocument retype(ObjectDocument document, String from, String to) {
        if (from == null || from.equals(to) || !KNOWN.contains(from)) {
            return document;
        }
        StreamInformation a = document.active();
        Map<String, JsonNode> extra = new LinkedHashMap<>(a.extra());
        for (String field : TYPE_FIELDS) {
            JsonNode v = extra.get(field);
            if (v != null && v.isTextual() && v.textValue().equals(from)) {
                extra.put(field, TextNode.valueOf(to));
            }
        }
        StreamInformation active = new StreamInformation(a.streamIdentifier(),
                from.equals(a.streamType()) ? to : a.streamType(), a.currentStreamVersion(), a.chunkSettings(),
                a.streamChunks(), a.snapShots(), extra);
        List<TerminatedStream> terminated = document.terminatedStreams().stream()
                .map(t -> from.equals(t.streamType()) ? new TerminatedStream(t.streamIdentifier(), to, t.reason(),
                        t.continuationStreamId(), t.terminationDate(), t.streamVersion(), t.deleted(),
                        t.deletionDate(), t.metadata(), t.extra()) : t)
                .toList();
        return document.withActive(active).withTerminatedStreams(terminated);
    }
}
