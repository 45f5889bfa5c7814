package io.esbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.SnapshotRef;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventCursor;
import io.esbackup.store.EventStore;
import io.esbackup.store.FileEventStore;
import io.esbackup.store.SnapshotStore;
import io.esbackup.store.StreamTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A backup taken from one kind of store restores into another: the Table layout into the Blob layout on disk
 * and in Azure and back, and the Blob layout into a table and back. Events and payload text stay identical; the
 * document is rewritten for the target's type (FORMAT.md, section 14a).
 */
@ExtendWith(Azurite.class)
class CrossStoreRestoreTest {
    @TempDir
    Path dir;

    private BackupProvider backups() {
        return new BlobBackupProvider(new LocalBlobStore(dir.resolve("backups")));
    }

    private EventStore blobStore(String kind) {
        return switch (kind) {
            case "file" -> new FileEventStore(dir.resolve("store-" + System.nanoTime()));
            case "azure" -> new BlobEventStore(new ContainerPrefixing(AzureBlobStore.forAccount(Azurite.client()),
                    Azurite.uniqueContainer("x") + "-"));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static TableEventStore tableStore() {
        return new TableEventStore(Azurite.tableClient(), TableLayout.defaults()
                .withPrefix(Azurite.uniqueTablePrefix("x")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "azure"})
    void aTableStoreGoesToTheBlobLayoutAndBackWithEveryColumn(String kind) {
        TableEventStore original = tableStore();
        new ReferenceTables(Azurite.tableClient(), original.layout()).write();
        EventStore blobs = blobStore(kind);
        List<String> ids = List.of(ReferenceTables.PLAIN, ReferenceTables.CHUNKED);

        copy(original, blobs, ids);
        for (String id : ids) {
            ObjectDocument inBlobs = blobs.readDocument(ReferenceTables.OBJECT, id).orElseThrow().document();
            ObjectDocument inTable = original.readDocument(ReferenceTables.OBJECT, id).orElseThrow().document();
            assertThat(inBlobs.active().streamType()).isEqualTo(StreamTypes.BLOB);
            for (String field : StreamTypes.TYPE_FIELDS) {
                assertThat(inBlobs.active().extra().get(field).textValue()).as(field).isEqualTo(StreamTypes.BLOB);
            }
            assertThat(inBlobs.terminatedStreams()).allSatisfy(t -> assertThat(t.streamType()).isEqualTo("blob"));
            assertThat(inBlobs.active().extra().get("dataStore").textValue()).isEqualTo("Store");
            assertThat(inBlobs.hash()).isEqualTo(inTable.hash());
            assertThat(payloads(blobs, inBlobs)).isEqualTo(payloads(original, inTable));
            assertThat(types(blobs, inBlobs)).isEqualTo(types(original, inTable));
            assertThat(snapshots(blobs, inBlobs)).isEqualTo(snapshots(original, inTable));
        }

        TableEventStore again = tableStore();
        copy(blobs, again, ids);
        Map<String, Map<String, Object>> before = ReferenceTables.everything(original, UnaryOperator.identity());
        Map<String, Map<String, Object>> after = ReferenceTables.everything(again, UnaryOperator.identity());
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        before.forEach((key, columns) -> assertThat(after.get(key)).as(key).isEqualTo(columns));
    }

    @Test
    void aBlobStoreGoesToATableAndBackWithEveryEventEqual() throws IOException {
        Path copyOfReference = dir.resolve("reference");
        try (Stream<Path> files = Files.walk(ReferenceStore.root())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = copyOfReference.resolve(ReferenceStore.root().relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        FileEventStore original = new FileEventStore(copyOfReference);
        TableEventStore table = tableStore();
        FileEventStore back = new FileEventStore(dir.resolve("back"));
        for (String[] a : ReferenceStore.AGGREGATES) {
            copy(original, table, a[0], a[1]);
            ObjectDocument source = original.readDocument(a[0], a[1]).orElseThrow().document();
            ObjectDocument inTable = table.readDocument(a[0], a[1]).orElseThrow().document();
            assertThat(inTable.active().streamType()).isEqualTo(StreamTypes.TABLE);
            assertThat(inTable.hash()).isEqualTo(TableDocumentRows.referenceHash(inTable.active()));
            assertThat(events(table, inTable)).as("every field, timestamps included").isEqualTo(events(original, source));

            copy(table, back, a[0], a[1]);
            ObjectDocument returned = back.readDocument(a[0], a[1]).orElseThrow().document();
            assertThat(events(back, returned)).isEqualTo(events(original, source));
            assertThat(returned.withHashes(null, null)).as("all but the hashes the table computed")
                    .isEqualTo(source.withHashes(null, null));
            assertThat(snapshots(back, returned)).isEqualTo(snapshots(original, source));
        }
    }

    /** Backs up each aggregate of {@code from} and restores it into {@code to} under the same ids. */
    private void copy(EventStore from, EventStore to, List<String> ids) {
        ids.forEach(id -> copy(from, to, ReferenceTables.OBJECT, id));
    }

    private void copy(EventStore from, EventStore to, String objectName, String id) {
        BackupRestoreService source = new BackupRestoreService(from, backups());
        BackupHandle handle = source.backupStream(objectName, id, BackupOptions.FULL);
        assertThat(source.validateBackup(handle).valid()).isTrue();
        new BackupRestoreService(to, backups()).restoreStream(handle);
    }

    private static List<Event> events(EventStore store, ObjectDocument doc) {
        List<Event> events = new ArrayList<>();
        try (EventCursor c = store.readEvents(doc.objectName(), doc.active(), 0, Integer.MAX_VALUE)) {
            c.forEachRemaining(events::add);
        }
        for (var t : doc.terminatedStreams()) {
            try (EventCursor c = store.readEvents(doc.objectName(),
                    io.esbackup.model.StreamInformation.empty(t.streamIdentifier(), t.streamType()), 0,
                    Integer.MAX_VALUE)) {
                c.forEachRemaining(events::add);
            }
        }
        return events;
    }

    private static List<String> payloads(EventStore store, ObjectDocument doc) {
        return events(store, doc).stream().map(e -> e.payload().text()).toList();
    }

    private static List<String> types(EventStore store, ObjectDocument doc) {
        return events(store, doc).stream().map(e -> e.eventVersion() + ":" + e.eventType()).toList();
    }

    private static List<String> snapshots(EventStore store, ObjectDocument doc) {
        SnapshotStore s = store.capability(SnapshotStore.class).orElseThrow();
        Function<SnapshotRef, String> data = ref -> s.readSnapshot(doc.objectName(), doc.active().streamIdentifier(),
                ref).map(CrossStoreRestoreTest::text).orElse("(missing)");
        return doc.active().snapShots().stream().map(data).toList();
    }

    /** A snapshot's JSON value: the whitespace around it (a file's last newline) is not part of it. */
    private static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
