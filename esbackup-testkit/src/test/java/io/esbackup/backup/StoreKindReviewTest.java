package io.esbackup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.blob.InMemoryBlobStore;
import io.esbackup.error.TransientStorageException;
import io.esbackup.model.ObjectDocument;
import io.esbackup.store.BlobEventStore;
import org.junit.jupiter.api.Test;

/** Review of issue #15's core changes: what a restore's swap leaves when the document write reports a failure. */
class StoreKindReviewTest {

    /** A store whose document write lands and then reports a failure (an answer lost on the way back). */
    static class LostAnswerStore extends BlobEventStore {
        boolean armed;

        LostAnswerStore() {
            super(new InMemoryBlobStore());
        }

        @Override
        public String writeDocument(ObjectDocument document, String expectedEtag) {
            String etag = super.writeDocument(document, expectedEtag);
            if (armed) {
                armed = false;
                throw new LostAnswer();
            }
            return etag;
        }
    }

    /** The fault the test injects, and nothing else. */
    static final class LostAnswer extends TransientStorageException {
        LostAnswer() {
            super("injected: the answer to the document write was lost");
        }
    }

    @Test
    void aSwapWhoseWriteLandedKeepsTheStreamTheDocumentNames() {
        LostAnswerStore store = new LostAnswerStore();
        Streams.create(store, "Order", "o-1", 5, null);
        BackupRestoreService service = new BackupRestoreService(store, new BlobBackupProvider(new InMemoryBlobStore()));
        BackupHandle handle = service.backupStream("Order", "o-1");

        store.armed = true;
        assertThatThrownBy(() -> service.restoreStream(handle, RestoreOptions.WITH_OVERWRITE))
                .hasCauseInstanceOf(LostAnswer.class).hasMessageContaining("is live");

        ObjectDocument now = Streams.document(store, "Order", "o-1");
        assertThat(now.active().streamIdentifier()).isEqualTo("o1-0000000001");
        assertThat(store.streamExists("Order", "o1-0000000001")).as("the stream the document names").isTrue();
        assertThat(store.listRestores()).as("the run's journal entry, its swap done").isEmpty();
    }

    @Test
    void aSwapWhoseWriteDidNotLandStillDiscardsItsStream() {
        LostAnswerStore store = new LostAnswerStore() {
            @Override
            public String writeDocument(ObjectDocument document, String expectedEtag) {
                if (armed) {
                    armed = false;
                    throw new LostAnswer();
                }
                return super.writeDocument(document, expectedEtag);
            }
        };
        ObjectDocument original = Streams.create(store, "Order", "o-1", 5, null);
        BackupRestoreService service = new BackupRestoreService(store, new BlobBackupProvider(new InMemoryBlobStore()));
        BackupHandle handle = service.backupStream("Order", "o-1");

        store.armed = true;
        assertThatThrownBy(() -> service.restoreStream(handle, RestoreOptions.WITH_OVERWRITE))
                .isInstanceOf(LostAnswer.class);

        assertThat(Streams.document(store, "Order", "o-1")).isEqualTo(original);
        assertThat(store.streamExists("Order", "o1-0000000001")).isFalse();
        assertThat(store.listRestores()).isEmpty();
    }
}
