package io.esbackup.testkit;

import static io.esbackup.testkit.SampleEvents.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.model.ChunkSettings;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.TerminatedStream;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.EventStore;
import io.esbackup.store.ListedFingerprints;
import io.esbackup.store.StoredDocument;
import io.esbackup.store.StreamFingerprints;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link EventStoreConformance}'s test of {@link StreamFingerprints}, in a file of its own. */
final class FingerprintChecks {
    private static final String OBJECT = "Order";

    private FingerprintChecks() {}

    static void check(EventStore store, StreamFingerprints f, StoreAccess on) {
        StreamInformation none = StreamInformation.empty("fp-0000000000", "blob");
        assertThat(f.fingerprint(OBJECT, none)).as("nothing stored yet").isEmpty();

        StreamInformation s = on.append(none, range(0, 3));
        String first = f.fingerprint(OBJECT, s).orElseThrow();
        assertThat(f.fingerprint(OBJECT, s)).as("read again, unchanged").contains(first);
        on.read(s, 0, 3);
        assertThat(f.fingerprint(OBJECT, s)).as("reading changes nothing").contains(first);

        StreamInformation appended = on.append(s, range(4, 4));
        String second = f.fingerprint(OBJECT, appended).orElseThrow();
        assertThat(second).as("after an append").isNotEqualTo(first);

        // Rewritten: the same versions, other events.
        store.deleteStream(OBJECT, s.streamIdentifier());
        StreamInformation rewritten = on.append(none, range("Other", 0, 4));
        assertThat(f.fingerprint(OBJECT, rewritten).orElseThrow()).as("after a rewrite").isNotEqualTo(second)
                .isNotEqualTo(first);

        // Chunked: the chunk holding the last version changes with an append to it.
        StreamInformation chunked = on.append(new StreamInformation("fpc-0000000000", "blob", -1, ChunkSettings.of(2),
                List.of(), List.of(), Map.of()), range(0, 2));
        String c1 = f.fingerprint(OBJECT, chunked).orElseThrow();
        StreamInformation chunkedMore = on.append(chunked, range(3, 3));
        assertThat(f.fingerprint(OBJECT, chunkedMore).orElseThrow()).isNotEqualTo(c1);

        listingAgreesWithReads(store, f, rewritten, on);
        Optional<ListedFingerprints> listed = f.listFingerprints(OBJECT);
        listed.ifPresent(l -> assertThat(l.streamIs(ListedFingerprints.hash(chunkedMore.streamIdentifier()),
                ListedFingerprints.hash(f.fingerprint(OBJECT, chunkedMore).orElseThrow())))
                .as("a chunked stream is never vouched for by its last chunk").isFalse());
    }

    /**
     * Where the store lists fingerprints, a listing says of each document and unchunked stream exactly what a
     * read of it says (the document's ETag, the stream's fingerprint), and a document written since no longer
     * matches: an incremental run takes an aggregate as unchanged from this alone.
     */
    private static void listingAgreesWithReads(EventStore store, StreamFingerprints f, StreamInformation stream,
                                               StoreAccess on) {
        Optional<ListedFingerprints> maybe = f.listFingerprints(OBJECT);
        if (maybe.isEmpty()) {
            return;
        }
        store.writeDocument(ObjectDocument.create(OBJECT, "fp-doc", stream), null);
        ListedFingerprints listed = f.listFingerprints(OBJECT).orElseThrow();
        StoredDocument doc = store.readDocument(OBJECT, "fp-doc").orElseThrow();
        String fingerprint = f.fingerprint(OBJECT, stream).orElseThrow();
        assertThat(listed.documentIs("fp-doc", ListedFingerprints.hash(doc.etag()))).as("the document's ETag")
                .isTrue();
        assertThat(listed.streamIs(ListedFingerprints.hash(stream.streamIdentifier()),
                ListedFingerprints.hash(fingerprint))).as("the stream's fingerprint").isTrue();
        assertThat(listed.documentIs("fp-doc", ListedFingerprints.hash(fingerprint))).as("another value").isFalse();
        assertThat(listed.documentIs("no-such-doc", ListedFingerprints.hash(doc.etag()))).as("another id").isFalse();

        // Other bytes: a store may give the same bytes written again the same ETag (S3's name the content),
        // never other bytes.
        store.writeDocument(doc.document().withTerminatedStreams(List.of(new TerminatedStream("fp-old", "blob",
                "migrated", stream.streamIdentifier(), "2024-01-01T00:00:00Z", 0, false, null, null, Map.of()))),
                doc.etag());
        ListedFingerprints after = f.listFingerprints(OBJECT).orElseThrow();
        assertThat(after.documentIs("fp-doc", ListedFingerprints.hash(doc.etag())))
                .as("the document written again has a new ETag").isFalse();
        assertThat(after.streamIs(ListedFingerprints.hash(stream.streamIdentifier()),
                ListedFingerprints.hash(fingerprint))).as("its stream was not written").isTrue();

        int next = stream.currentStreamVersion() + 1;
        on.append(stream, range(next, next));
        assertThat(f.listFingerprints(OBJECT).orElseThrow().streamIs(ListedFingerprints.hash(
                stream.streamIdentifier()), ListedFingerprints.hash(fingerprint))).as("after an append").isFalse();
    }
}
