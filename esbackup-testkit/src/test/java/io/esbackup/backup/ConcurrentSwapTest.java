package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.error.ConflictException;
import io.esbackup.model.Event;
import io.esbackup.model.RawEvent;
import io.esbackup.model.ObjectDocument;
import io.esbackup.model.StreamHeader;
import io.esbackup.model.StreamInformation;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.StoredDocument;
import io.esbackup.backup.RestoreResult;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/** A writer that changes the live document between the restore's read and its swap is detected. */
class ConcurrentSwapTest {

    /** Rewrites the live document (as a concurrent writer would) the first time a restore appends events. */
    static final class InterferingStore extends BlobEventStore {
        boolean armed;

        InterferingStore() {
            super(new InMemoryBlobStore());
        }

        @Override
        public StreamInformation appendEvents(String objectName, StreamInformation stream, StreamHeader header,
                                              Iterator<Event> events) {
            return interfere(objectName, super.appendEvents(objectName, stream, header, events));
        }

        @Override
        public StreamInformation appendRawEvents(String objectName, StreamInformation stream, StreamHeader header,
                                                 Iterator<RawEvent> events) {
            return interfere(objectName, super.appendRawEvents(objectName, stream, header, events));
        }

        private StreamInformation interfere(String objectName, StreamInformation result) {
            if (armed) {
                armed = false;
                StoredDocument live = readDocument(objectName, "o-1").orElseThrow();
                writeDocument(live.document().withTerminatedStreams(live.document().terminatedStreams()),
                        live.etag());
            }
            return result;
        }
    }

    @Test
    void overwriteLosesToAConcurrentWriterAndLeavesNothingBehind() {
        InterferingStore store = new InterferingStore();
        ObjectDocument original = Streams.create(store, "Order", "o-1", 5, null);
        BackupRestoreService service = new BackupRestoreService(store,
                new BlobBackupProvider(new InMemoryBlobStore()));
        BackupHandle handle = service.backupStream("Order", "o-1");

        store.armed = true;
        assertThatThrownBy(() -> service.restoreStream(handle, RestoreOptions.WITH_OVERWRITE))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("changed while restoring");

        assertThat(Streams.document(store, "Order", "o-1")).isEqualTo(original);
        assertThat(store.streamExists("Order", "o1-0000000001")).isFalse();
        assertThat(store.streamExists("Order", "o1-0000000000")).isTrue();
        // Nothing is stuck: a retry succeeds.
        assertThat(service.restoreStream(handle, RestoreOptions.WITH_OVERWRITE).streamIdentifier())
                .isEqualTo("o1-0000000001");
    }

    @Test
    void twoOverwriteRestoresAtOnceEndWithOneWinnerWhoseStreamSurvives() {
        BlobEventStore store = new BlobEventStore(new InMemoryBlobStore());
        ObjectDocument original = Streams.create(store, "Order", "o-1", 6, 2);
        BackupRestoreService service = new BackupRestoreService(store,
                new BlobBackupProvider(new InMemoryBlobStore()));
        BackupHandle handle = service.backupStream("Order", "o-1");
        RestoreResult[] inner = new RestoreResult[1];
        boolean[] started = {false};

        // The second restore runs inside the first one's first progress report, so both pick the same
        // fresh stream identifier; the second gets there first.
        assertThatThrownBy(() -> service.restoreStream(handle, RestoreOptions.WITH_OVERWRITE.toBuilder()
                .purgeReplaced(true).build(), p -> {
                    if (!started[0]) {
                        started[0] = true;
                        inner[0] = service.restoreStream(handle, RestoreOptions.WITH_OVERWRITE);
                    }
                }))
                .isInstanceOf(ConflictException.class);

        ObjectDocument live = Streams.document(store, "Order", "o-1");
        assertThat(live.active().streamIdentifier()).isEqualTo(inner[0].streamIdentifier());
        assertThat(store.streamExists("Order", live.active().streamIdentifier())).isTrue();
        assertThat(Streams.readAll(store, "Order", live.active()))
                .isEqualTo(Streams.readAll(store, "Order", original.active()));
    }
}
