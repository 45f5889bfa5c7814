package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.blob.LocalBlobStore;
import io.esbackup.model.Event;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.FileEventStore;
import io.esbackup.store.StoredDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups taken while another thread keeps appending (events first, then the document, as the
 * reference writes) are each a consistent cut: exactly the events up to the version read first.
 */
class ConsistentCutTest {
    @TempDir
    Path dir;

    @Test
    void backupsDuringAppendsAreExactPrefixes() throws Exception {
        FileEventStore store = new FileEventStore(dir.resolve("store"));
        Streams.create(store, "Order", "o-1", 1, null);
        BackupRestoreService service = new BackupRestoreService(store,
                new BlobBackupProvider(new LocalBlobStore(dir.resolve("backups"))));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 400 && !stop.get(); i++) {
                    StoredDocument live = store.readDocument("Order", "o-1").orElseThrow();
                    StreamInformation active = live.document().active();
                    StreamInformation appended = store.appendEvents("Order", active, null,
                            Streams.events(active.currentStreamVersion() + 1, 1 + i % 3));
                    store.writeDocument(live.document().withActive(appended), live.etag());
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        });
        writer.start();
        List<BackupHandle> handles = new ArrayList<>();
        try {
            while (writer.isAlive() && handles.size() < 60) {
                handles.add(service.backupStream("Order", "o-1"));
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(writerFailure.get()).isNull();
        assertThat(handles).hasSizeGreaterThan(3);

        ObjectDocument last = Streams.document(store, "Order", "o-1");
        List<Event> all = Streams.readAll(store, "Order", last.active());
        assertThat(all).hasSize(last.active().currentStreamVersion() + 1);
        for (BackupHandle h : handles) {
            assertThat(service.validateBackup(h).problems()).isEmpty();
            String clone = "c-" + UUID.randomUUID();
            service.restoreToNewStream(h, clone);
            List<Event> cloned = Streams.readAll(store, "Order", Streams.document(store, "Order", clone).active());
            assertThat(cloned).hasSize((int) h.eventCount()).isEqualTo(all.subList(0, (int) h.eventCount()));
        }
        assertThat(handles.stream().mapToLong(BackupHandle::eventCount).distinct().count()).isGreaterThan(1);
    }
}
