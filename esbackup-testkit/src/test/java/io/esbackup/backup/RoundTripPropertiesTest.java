package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.esbackup.archive.Compression;
import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.model.ActionMetadata;
import io.esbackup.model.ChunkSettings;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.model.json.Json;
import io.esbackup.store.InMemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated streams (unicode, nested payloads, decimals, big numbers, unknown fields, empty and chunked
 * streams, snapshots) round-trip exactly through backup then restore into an empty store, and through
 * backup then clone.
 */
class RoundTripPropertiesTest {

    record Spec(List<Event> events, Integer chunkSize, List<Integer> snapshots, Map<String, JsonNode> docExtra,
                Compression compression) {}

    @Property(tries = 300)
    void backupThenRestoreAndCloneReproduceEveryField(@ForAll("specs") Spec spec) {
        InMemoryEventStore source = new InMemoryEventStore();
        ObjectDocument doc = write(source, spec);
        BlobBackupProvider provider = new BlobBackupProvider(new InMemoryBlobStore());
        BackupRestoreService service = new BackupRestoreService(source, provider);
        BackupHandle handle = service.backupStream("Prop", "p-1",
                BackupOptions.FULL.toBuilder().compression(spec.compression()).build());
        assertThat(service.validateBackup(handle).problems()).isEmpty();

        InMemoryEventStore target = new InMemoryEventStore();
        new BackupRestoreService(target, provider).restoreStream(handle);
        ObjectDocument restored = Streams.document(target, "Prop", "p-1");
        assertThat(restored).isEqualTo(doc);
        assertThat(Streams.readAll(target, "Prop", restored.active())).isEqualTo(spec.events());
        for (SnapshotRef ref : doc.active().snapShots()) {
            assertThat(target.readSnapshot("Prop", restored.active().streamIdentifier(), ref))
                    .hasValueSatisfying(in -> assertThat(BackupRestoreServiceTest.read(in))
                            .isEqualTo(snapshotJson(ref.untilVersion())));
        }

        service.restoreToNewStream(handle, "p-2");
        ObjectDocument clone = Streams.document(source, "Prop", "p-2");
        assertThat(clone.withObjectId("p-1").withActive(clone.active().withStreamIdentifier(
                doc.active().streamIdentifier()))).isEqualTo(doc);
        assertThat(Streams.readAll(source, "Prop", clone.active())).isEqualTo(spec.events());
    }

    private static ObjectDocument write(InMemoryEventStore store, Spec spec) {
        StreamInformation info = new StreamInformation("p1-0000000000", "blob", -1,
                spec.chunkSize() == null ? null : ChunkSettings.of(spec.chunkSize()), List.of(), List.of(),
                Map.of("documentTagType", Json.mapper().getNodeFactory().textNode("blob")));
        info = store.appendEvents("Prop", info, StreamHeader.of("Prop", "p-1"), spec.events().iterator());
        List<SnapshotRef> refs = new ArrayList<>();
        for (int v : spec.snapshots()) {
            if (v < spec.events().size()) {
                SnapshotRef ref = SnapshotRef.of(v, v % 3 == 0 ? "n" + v : null);
                store.writeSnapshot("Prop", info.streamIdentifier(), ref,
                        out -> out.write(snapshotJson(v).getBytes(StandardCharsets.UTF_8)));
                refs.add(ref);
            }
        }
        ObjectDocument doc = new ObjectDocument("p-1", "Prop", info.withSnapshots(refs), List.of(), "1.0.0",
                "h1", null, spec.docExtra());
        store.writeDocument(doc, null);
        return doc;
    }

    private static String snapshotJson(int v) {
        return "{\"v\":" + v + ",\"price\":0.10,\"n\":[1,2.50e3]}";
    }

    @Provide
    Arbitrary<Spec> specs() {
        Arbitrary<List<String>> payloads = json(3).list().ofMaxSize(40);
        return Combinators.combine(payloads, Arbitraries.integers().between(1, 7).injectNull(0.5),
                        Arbitraries.integers().between(0, 39).list().ofMaxSize(3).uniqueElements(),
                        extras(), Arbitraries.of(Compression.class), extras())
                .as((ps, chunk, snaps, docExtra, compression, eventExtra) -> {
                    List<Event> events = new ArrayList<>();
                    for (int i = 0; i < ps.size(); i++) {
                        ActionMetadata action = i % 2 == 0 ? null : new ActionMetadata("corr-" + i, "cause", null,
                                "2024-05-01T12:00:00+02:00", Map.of());
                        events.add(new Event("T" + (i % 3) + "é", i, i % 4 == 0 ? null : 2,
                                i % 5 == 0 ? "seq-" + i : null, action,
                                i % 3 == 0 ? null : Map.of("user", "ü" + i), ps.get(i),
                                "2024-05-01T12:00:0" + (i % 10) + ".5+02:00", i % 2 == 0 ? eventExtra : Map.of()));
                    }
                    return new Spec(events, chunk, snaps, docExtra, compression);
                });
    }

    private static Arbitrary<Map<String, JsonNode>> extras() {
        return json(2).map(RoundTripPropertiesTest::tree).list().ofMaxSize(3).map(values -> {
            Map<String, JsonNode> m = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                m.put("unknown" + i, values.get(i));
            }
            return m;
        });
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compact JSON text of a random value; numbers are kept as literal text like 10.50 or 30-digit ints. */
    private static Arbitrary<String> json(int depth) {
        Arbitrary<String> strings = Arbitraries.oneOf(text(12), text(4).map(t -> t + "😀𝄞"))
                .map(RoundTripPropertiesTest::quote);
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.of("10.50", "0.1", "-0.000", "1e5", "2.5E-3", "123456789012345678901234567890",
                        "-98765432109876543210.123456789"),
                Arbitraries.integers().map(String::valueOf));
        Arbitrary<String> scalars = Arbitraries.oneOf(strings, numbers, Arbitraries.of("true", "false", "null"));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> arrays = json(depth - 1).list().ofMaxSize(4)
                .map(l -> l.stream().collect(Collectors.joining(",", "[", "]")));
        Arbitrary<String> objects = Combinators.combine(
                        text(6).list().ofMaxSize(4).uniqueElements(),
                        json(depth - 1).list().ofSize(4))
                .as((keys, values) -> {
                    StringBuilder sb = new StringBuilder("{");
                    for (int i = 0; i < keys.size(); i++) {
                        sb.append(i == 0 ? "" : ",").append(quote(keys.get(i))).append(':').append(values.get(i));
                    }
                    return sb.append('}').toString();
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, scalars), net.jqwik.api.Tuple.of(1, arrays),
                net.jqwik.api.Tuple.of(2, objects));
    }

    /** Any text a UTF-8 JSON document can hold: every char but lone surrogates (pairs are added above). */
    private static Arbitrary<String> text(int maxLength) {
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFD')
                .ofMaxLength(maxLength);
    }

    private static String quote(String s) {
        try {
            return Json.mapper().writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
