package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.backup.RestoreResult;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.TerminatedStream;
import io.esbackup.store.EventCursor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of a Table store the reference wrote ({@link ReferenceTables}), restored and cloned with
 * {@link TableEventStore}: every entity comes back with every column, value and type the reference gave it; a
 * clone differs only in the identifiers and the hashes made of them.
 */
@ExtendWith(Azurite.class)
class TableReferenceRoundTripTest {
    @TempDir
    Path dir;
    private TableEventStore source;
    private ReferenceTables reference;
    private BackupRestoreService service;
    private String largePayload;

    @BeforeEach
    void writeTheReferenceStore() {
        source = newStore();
        reference = new ReferenceTables(Azurite.tableClient(), source.layout());
        largePayload = reference.write();
        service = new BackupRestoreService(source, new BlobBackupProvider(new LocalBlobStore(dir)));
    }

    private static TableEventStore newStore() {
        return new TableEventStore(Azurite.tableClient(), TableLayout.defaults().withPrefix(Azurite.uniqueTablePrefix("r")));
    }

    @Test
    void eventsReadAsTheReferenceWroteThemWithTheirPayloadTextExact() {
        ObjectDocument doc = source.readDocument(ReferenceTables.OBJECT, ReferenceTables.PLAIN).orElseThrow().document();
        assertThat(doc.active().streamType()).isEqualTo("table");
        assertThat(doc.active().currentStreamVersion()).isEqualTo(4);
        assertThat(doc.terminatedStreams()).extracting(TerminatedStream::streamIdentifier)
                .containsExactly(ReferenceTables.OLD_SID);
        assertThat(doc.active().snapShots()).singleElement().satisfies(s ->
                assertThat(s.extra().get("aggregateType").textValue()).isEqualTo("Demo.Orders.Order"));
        List<Event> events = read(source, doc, 0, Integer.MAX_VALUE);
        assertThat(events).extracting(Event::eventVersion).containsExactly(0, 1, 2, 3, 4);
        // Payloads are the column's text, byte for byte: escapes, scale and 30-digit numbers kept.
        assertThat(events.get(0).payload().text()).isEqualTo(
                "{\"customer\":\"Zo\\u00EB \\u5C71\\u7530\",\"amount\":10.50,\"units\":123456789012345678901234567890}");
        assertThat(events.get(3).payload().text()).isEqualTo(largePayload);
        // ActionMetadata's PascalCase members are the Blob layout's camelCase action, the text kept for a restore.
        assertThat(events.get(1).action().correlationId()).isEqualTo("corr-1");
        assertThat(events.get(1).action().originatedFromUser().textValue()).isEqualTo("vt[Renée]1.0.0");
        assertThat(events.get(1).metadata()).containsEntry("tenant", "t-ü").containsEntry("source", "import & sync");
        assertThat(events.get(4).schemaVersion()).isEqualTo(2);
        assertThat(events.get(1).extra().get("tableRow").path("lastObjectDocumentHash").textValue())
                .isEqualTo(ReferenceTables.hash(ReferenceTables.PLAIN_SID, 1));
        assertThat(events.get(1).timestamp()).as("the row's service time").isNotBlank();
        assertThat(read(source, doc, 2, 3)).extracting(Event::eventVersion).containsExactly(2, 3);
    }

    @Test
    void aRestoreIntoAnEmptyStoreReproducesEveryEntityWithEveryColumn() {
        BackupHandle plain = service.backupStream(ReferenceTables.OBJECT, ReferenceTables.PLAIN, BackupOptions.FULL);
        BackupHandle chunked = service.backupStream(ReferenceTables.OBJECT, ReferenceTables.CHUNKED, BackupOptions.FULL);
        assertThat(service.validateBackup(plain).valid()).isTrue();
        Map<String, Map<String, Object>> before = ReferenceTables.everything(source, UnaryOperator.identity());

        TableEventStore target = newStore();
        BackupRestoreService into = new BackupRestoreService(target, service.provider());
        into.restoreStream(plain);
        into.restoreStream(chunked);

        Map<String, Map<String, Object>> after = ReferenceTables.everything(target, UnaryOperator.identity());
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        before.forEach((key, columns) -> assertThat(after.get(key)).as(key).isEqualTo(columns));
    }

    @Test
    void aCloneReproducesEveryColumnButTheIdentifiersAndTheHashesMadeOfThem() {
        BackupHandle plain = service.backupStream(ReferenceTables.OBJECT, ReferenceTables.PLAIN, BackupOptions.FULL);
        RestoreResult clone = service.restoreToNewStream(plain, "copy-1");
        ObjectDocument copy = source.readDocument(ReferenceTables.OBJECT, "copy-1").orElseThrow().document();
        String newSid = clone.streamIdentifier();
        String newOld = copy.terminatedStreams().get(0).streamIdentifier();
        assertThat(newSid).isNotEqualTo(ReferenceTables.PLAIN_SID);
        assertThat(copy.active().streamType()).isEqualTo("table");

        UnaryOperator<String> rename = s -> s.replace(ReferenceTables.PLAIN_SID, newSid)
                .replace(ReferenceTables.OLD_SID, newOld).replace(ReferenceTables.PLAIN, "copy-1");
        Map<String, Map<String, Object>> original = only(ReferenceTables.everything(source, rename), "copy-1", newSid, newOld);
        Map<String, Map<String, Object>> cloned = only(ReferenceTables.everything(source, UnaryOperator.identity()), "copy-1", newSid,
                newOld);
        assertThat(cloned.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet());
        for (String key : original.keySet()) {
            Map<String, Object> a = new TreeMap<>(original.get(key));
            Map<String, Object> b = new TreeMap<>(cloned.get(key));
            for (String idColumn : List.of("ObjectId", "StreamIdentifier", "ActiveStreamIdentifier",
                    "ContinuationStreamId", "Hash", "PrevHash")) {
                assertThat(b.containsKey(idColumn)).as(key + " " + idColumn).isEqualTo(a.containsKey(idColumn));
                a.remove(idColumn);
                b.remove(idColumn);
            }
            assertThat(b).as(key).isEqualTo(a);
        }
        assertThat(cloned.get("documents|" + ReferenceTables.OBJECT + "|copy-1").get("Hash"))
                .isEqualTo(TableDocumentRows.referenceHash(copy.active()));
    }

    @Test
    void aRestoreOverTheLiveAggregateKeepsItsStreamTerminatedAndUntouched() {
        BackupHandle plain = service.backupStream(ReferenceTables.OBJECT, ReferenceTables.PLAIN, BackupOptions.FULL);
        ObjectDocument live = source.readDocument(ReferenceTables.OBJECT, ReferenceTables.PLAIN).orElseThrow().document();
        List<Event> old = read(source, live, 0, Integer.MAX_VALUE);

        RestoreResult result = service.restoreStream(plain, RestoreOptions.builder().overwrite(true).build());

        ObjectDocument now = source.readDocument(ReferenceTables.OBJECT, ReferenceTables.PLAIN).orElseThrow().document();
        assertThat(result.replacedStreamIdentifier()).isEqualTo(ReferenceTables.PLAIN_SID);
        assertThat(now.active().streamIdentifier()).isEqualTo(result.streamIdentifier()).isNotEqualTo(ReferenceTables.PLAIN_SID);
        assertThat(now.terminatedStreams()).anySatisfy(t -> {
            assertThat(t.streamIdentifier()).isEqualTo(ReferenceTables.PLAIN_SID);
            assertThat(t.reason()).isEqualTo(TerminatedStream.REPLACED_BY_RESTORE);
        });
        assertThat(now.prevHash()).isEqualTo(live.hash());
        assertThat(now.hash()).isEqualTo(TableDocumentRows.referenceHash(now.active()));
        List<Event> restored = read(source, now, 0, Integer.MAX_VALUE);
        assertThat(restored).extracting(e -> e.payload().text())
                .containsExactlyElementsOf(old.stream().map(e -> e.payload().text()).toList());
        assertThat(read(source, live, 0, Integer.MAX_VALUE)).as("the replaced stream's rows stay").hasSize(5);
        assertThat(source.listRestores()).as("the journal entry is gone").isEmpty();
    }

    private static List<Event> read(TableEventStore store, ObjectDocument doc, int from, int to) {
        List<Event> events = new ArrayList<>();
        try (EventCursor c = store.readEvents(doc.objectName(), doc.active(), from, to)) {
            c.forEachRemaining(events::add);
        }
        return events;
    }

    /** The rows of the original aggregate that name one of {@code ids} once renamed. */
    private static Map<String, Map<String, Object>> only(Map<String, Map<String, Object>> all, String... ids) {
        Map<String, Map<String, Object>> some = new TreeMap<>();
        all.forEach((k, v) -> {
            for (String id : ids) {
                if (k.contains(id)) {
                    some.put(k, v);
                    return;
                }
            }
        });
        return some;
    }
}
