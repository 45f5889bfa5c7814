package io.esbackup.backup;

import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobStore;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.TerminatedStream;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/** Which streams a blob-backed event store holds, and which of them a document names, for the step tests. */
final class StoredStreams {
    private StoredStreams() {}

    /** Stream identifiers that have events documents (whole or in chunks) under {@code objectName}. */
    static Set<String> onDisk(BlobStore blobs, String objectName) {
        String folder = objectName + "/";
        Set<String> ids = new HashSet<>();
        try (Stream<BlobInfo> all = blobs.list(folder)) {
            all.map(BlobInfo::key)
                    .filter(k -> !k.startsWith(folder + "snapshot/"))
                    .map(k -> k.substring(folder.length(), k.length() - ".json".length()))
                    .map(name -> name.matches(".*-\\d{10}-\\d{10}") ? name.substring(0, name.length() - 11) : name)
                    .forEach(ids::add);
        }
        return ids;
    }

    /** The active stream and the terminated streams that are not deleted. */
    static Set<String> referencedBy(ObjectDocument doc) {
        Set<String> ids = new HashSet<>();
        ids.add(doc.active().streamIdentifier());
        doc.terminatedStreams().stream().filter(t -> !t.deleted()).map(TerminatedStream::streamIdentifier)
                .forEach(ids::add);
        return ids;
    }
}
